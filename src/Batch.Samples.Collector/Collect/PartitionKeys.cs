namespace Samples.Collector.Collect;

/// <summary>The names the collect job keeps in its parameters and contexts.</summary>
public static class PartitionKeys
{
    /// <summary>The partition context key of a table: <c>CONN/TABLE</c>.</summary>
    public const string Table = "table";

    /// <summary>Job parameter: 배치기준시간.</summary>
    public const string BaseTime = "baseTime";

    /// <summary>Job parameter: 연계방식코드.</summary>
    public const string Code = "code";

    /// <summary>Job parameter: the connection numbers, sorted and comma-joined.</summary>
    public const string Connections = "connections";
}
