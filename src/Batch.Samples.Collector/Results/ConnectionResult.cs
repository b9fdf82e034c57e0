namespace Samples.Collector.Results;

/// <summary>The final result of a connection for a base time: SUCCESS only when every registered table in use succeeded.</summary>
/// <param name="ConnectionNumber">연결관리번호.</param>
/// <param name="MethodCode">연계방식코드.</param>
/// <param name="Tables">Its tables' results.</param>
public sealed record ConnectionResult(string ConnectionNumber, string MethodCode, IReadOnlyList<TableResult> Tables)
{
    /// <summary>SUCCESS or FAILED.</summary>
    public string Result => Tables.Count > 0 && Tables.All(t => t.Result == Rules.CollectStatus.Success) ? Rules.CollectStatus.Success : Rules.CollectStatus.Failed;

    /// <summary>Tables that succeeded.</summary>
    public int Succeeded => Tables.Count(t => t.Result == Rules.CollectStatus.Success);

    /// <summary>Rows collected by the tables that succeeded.</summary>
    public long Rows => Tables.Where(t => t.Result == Rules.CollectStatus.Success).Sum(t => t.SourceRows ?? 0);
}
