namespace Samples.Collector.Rules;

/// <summary>A source system of the registry (T_COLLECT_CONN_0001) and its tables.</summary>
/// <param name="Number">연결관리번호.</param>
/// <param name="MethodCode">연계방식코드: 01 database, 02 HTTP API.</param>
/// <param name="Name">A readable name.</param>
/// <param name="ConnectionString">01: the source's Npgsql connection string; 02: the API's base URL.</param>
/// <param name="InUse">USE_YN = 'Y'.</param>
/// <param name="Tables">Its tables in use (T_COLLECT_TABLE_0001 with USE_YN = 'Y'), by name.</param>
public sealed record ConnectionEntry(string Number, string MethodCode, string Name, string ConnectionString, bool InUse, IReadOnlyList<TableEntry> Tables);
