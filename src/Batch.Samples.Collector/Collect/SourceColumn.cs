namespace Samples.Collector.Collect;

/// <summary>A column of a source table as the source describes it.</summary>
/// <param name="Name">The registered name.</param>
/// <param name="ClrType">The .NET type its values are read as.</param>
/// <param name="DataTypeName">The full PostgreSQL type (with modifiers: <c>numeric(12,2)</c>), for the target's DDL.</param>
/// <param name="CopyTypeName">The PostgreSQL type name without modifiers, for the target's COPY.</param>
/// <param name="Nullable">Whether it may hold null.</param>
/// <param name="Precision">A numeric's precision, when declared.</param>
/// <param name="Scale">A numeric's scale, when declared.</param>
public sealed record SourceColumn(string Name, Type ClrType, string DataTypeName, string CopyTypeName, bool Nullable, int? Precision, int? Scale)
{
    /// <summary>Whether it is a <c>timestamp with time zone</c>.</summary>
    public bool WithTimeZone => CopyTypeName is "timestamp with time zone" or "timestamptz";

    /// <summary>Whether it is a <c>date</c>.</summary>
    public bool IsDate => CopyTypeName == "date";
}
