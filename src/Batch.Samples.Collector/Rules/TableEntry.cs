namespace Samples.Collector.Rules;

/// <summary>A registered table of a connection (T_COLLECT_TABLE_0001).</summary>
/// <param name="ConnectionNumber">Its connection.</param>
/// <param name="TableName">The source table (<c>schema.table</c> allowed).</param>
/// <param name="Columns">The registered columns, in order.</param>
/// <param name="KeyColumns">The unique key the source is read in order of.</param>
/// <param name="TargetTable">Its table in the target database and its lake partition (<c>table=…</c>).</param>
public sealed record TableEntry(string ConnectionNumber, string TableName, IReadOnlyList<string> Columns, IReadOnlyList<string> KeyColumns, string TargetTable)
{
    /// <summary>The partition value of the table in a run: <c>CONN/TABLE</c>.</summary>
    public string PartitionValue => ConnectionNumber + "/" + TableName;
}
