namespace Samples.Collector.Rules;

/// <summary>A registered table (code 01) or API resource (code 02) of a connection (T_COLLECT_TABLE_0001).</summary>
/// <param name="ConnectionNumber">Its connection.</param>
/// <param name="TableName">The source table (<c>schema.table</c> allowed), or the API resource's path relative to the base URL.</param>
/// <param name="Columns">The registered columns (an API item's JSON fields), in order.</param>
/// <param name="KeyColumns">The unique key the source is read in order of (an API item's key: the target's primary key).</param>
/// <param name="TargetTable">Its table in the target database and its lake partition (<c>table=…</c>).</param>
/// <param name="Api">How the API resource is paged and typed (T_COLLECT_API_0001); null for a database table, or an API resource not registered there.</param>
public sealed record TableEntry(
    string ConnectionNumber, string TableName, IReadOnlyList<string> Columns, IReadOnlyList<string> KeyColumns, string TargetTable, ApiResource? Api = null)
{
    /// <summary>The partition value of the table in a run: <c>CONN/TABLE</c>.</summary>
    public string PartitionValue => ConnectionNumber + "/" + TableName;
}
