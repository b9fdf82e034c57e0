namespace Batch.Infrastructure.Repository.Mapping;

/// <summary>
/// Times in the meta tables are UTC instants: written as UTC <see cref="DateTime"/> values (PostgreSQL
/// TIMESTAMPTZ, SQLite text 'yyyy-MM-dd HH:mm:ss.FFFFFFF') and read back as <see cref="DateTimeOffset"/> at offset zero.
/// </summary>
internal static class DbTime
{
    /// <summary>The value to bind as a parameter: a UTC <see cref="DateTime"/>, or <see cref="DBNull"/>.</summary>
    public static object ToDb(DateTimeOffset? value) => value is { } v ? v.UtcDateTime : DBNull.Value;

    /// <summary>A stored time as an instant at offset zero.</summary>
    public static DateTimeOffset? FromDb(DateTime? value) =>
        value is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;

    /// <summary>A stored time that is never null.</summary>
    public static DateTimeOffset FromDb(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
