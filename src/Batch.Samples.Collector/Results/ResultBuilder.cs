using Samples.Collector.Rules;

namespace Samples.Collector.Results;

/// <summary>
/// Computes the final result of connections for a base time from the registry and T_BATCH_STATUS_0001 (the same computation for
/// <c>batchcheck</c> and <c>batchresult</c>, so they agree), and writes it into T_BATCH_RESULT_0001/0002/0003 and T_BATCH_DATE_0001.
/// </summary>
public sealed class ResultBuilder
{
    private static readonly string[] ResultTables = ["T_BATCH_RESULT_0003", "T_BATCH_RESULT_0002", "T_BATCH_RESULT_0001"];
    private readonly RuleDatabase _database;

    /// <summary>Creates the builder.</summary>
    /// <param name="database">The rule database.</param>
    public ResultBuilder(RuleDatabase database) => _database = database;

    /// <summary>The result of each connection: its registered tables in use, each with its status or NOT RUN.</summary>
    public static IReadOnlyList<ConnectionResult> Compute(IEnumerable<ConnectionEntry> connections, IReadOnlyList<StatusRow> status)
    {
        var byTable = status.ToDictionary(s => (s.ConnectionNumber, s.TableName));
        return [.. connections.Select(c => new ConnectionResult(c.Number, c.MethodCode, [.. c.Tables.Select(t =>
            byTable.TryGetValue((c.Number, t.TableName), out var s)
                ? new TableResult(c.Number, t.TableName, s.Status == CollectStatus.Success ? CollectStatus.Success : CollectStatus.Failed, s.SourceRows, s.LakeRows,
                    s.TargetRows, s.Checksum, s.Attempts, s.Status == CollectStatus.Success ? null : s.Message ?? s.Status, s.StartedAt, s.EndedAt)
                : new TableResult(c.Number, t.TableName, CollectStatus.NotRun, null, null, null, null, 0, "No batchrun tried this table for the base time.", null, null))]))];
    }

    /// <summary>Rewrites the result tables of a base time and code in one transaction.</summary>
    /// <returns>The connections' results.</returns>
    public async Task<IReadOnlyList<ConnectionResult>> WriteAsync(string baseTime, string code, CancellationToken cancellationToken)
    {
        var log = new RuleLog(_database);
        var status = await log.GetStatusByCodeAsync(baseTime, code, cancellationToken).ConfigureAwait(false);
        var numbers = status.Select(s => s.ConnectionNumber).Distinct(StringComparer.Ordinal).ToList();
        var registry = await _database.GetConnectionsAsync(numbers, cancellationToken).ConfigureAwait(false);
        var results = Compute(numbers.Where(registry.ContainsKey).Select(n => registry[n]), status);
        var now = RuleDatabase.Timestamp(DateTime.UtcNow);
        await _database.RunAsync(async connection =>
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                async Task RunAsync(string sql, params (string, object?)[] parameters)
                {
                    await using var command = RuleDatabase.Command(connection, sql, parameters);
                    command.Transaction = transaction;
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                foreach (var table in ResultTables)
                {
                    await RunAsync($"DELETE FROM {table} WHERE BATCH_BASE_TIME = @base AND METHOD_CODE = @code", ("@base", baseTime), ("@code", code)).ConfigureAwait(false);
                }

                foreach (var c in results)
                {
                    foreach (var t in c.Tables)
                    {
                        await RunAsync(
                            "INSERT INTO T_BATCH_RESULT_0003 (BATCH_BASE_TIME, METHOD_CODE, CONNECTION_NO, TABLE_NAME, RESULT, SOURCE_ROWS, LAKE_ROWS, TARGET_ROWS, CHECKSUM, " +
                            "ATTEMPTS, MESSAGE, STARTED_AT, ENDED_AT) VALUES (@base, @code, @conn, @table, @result, @source, @lake, @target, @checksum, @attempts, @message, @started, @ended)",
                            ("@base", baseTime), ("@code", code), ("@conn", c.ConnectionNumber), ("@table", t.TableName), ("@result", t.Result), ("@source", t.SourceRows),
                            ("@lake", t.LakeRows), ("@target", t.TargetRows), ("@checksum", t.Checksum), ("@attempts", t.Attempts), ("@message", t.Message),
                            ("@started", t.StartedAt), ("@ended", t.EndedAt)).ConfigureAwait(false);
                    }

                    await RunAsync(
                        "INSERT INTO T_BATCH_RESULT_0002 (BATCH_BASE_TIME, METHOD_CODE, CONNECTION_NO, RESULT, TABLES_TOTAL, TABLES_SUCCEEDED, ROWS_COLLECTED, ATTEMPTS, STARTED_AT, ENDED_AT) " +
                        "VALUES (@base, @code, @conn, @result, @total, @ok, @rows, @attempts, @started, @ended)",
                        ("@base", baseTime), ("@code", code), ("@conn", c.ConnectionNumber), ("@result", c.Result), ("@total", c.Tables.Count), ("@ok", c.Succeeded),
                        ("@rows", c.Rows), ("@attempts", c.Tables.Max(t => t.Attempts)), ("@started", c.Tables.Min(t => t.StartedAt)), ("@ended", c.Tables.Max(t => t.EndedAt))).ConfigureAwait(false);
                }

                var overall = results.Count > 0 && results.All(r => r.Result == CollectStatus.Success) ? CollectStatus.Success : CollectStatus.Failed;
                await RunAsync(
                    "INSERT INTO T_BATCH_RESULT_0001 (BATCH_BASE_TIME, METHOD_CODE, RESULT, CONNECTIONS_TOTAL, CONNECTIONS_SUCCEEDED, TABLES_TOTAL, TABLES_SUCCEEDED, ROWS_COLLECTED, STARTED_AT, ENDED_AT) " +
                    "VALUES (@base, @code, @result, @connections, @connectionsOk, @tables, @tablesOk, @rows, @started, @ended)",
                    ("@base", baseTime), ("@code", code), ("@result", overall), ("@connections", results.Count), ("@connectionsOk", results.Count(r => r.Result == CollectStatus.Success)),
                    ("@tables", results.Sum(r => r.Tables.Count)), ("@tablesOk", results.Sum(r => r.Succeeded)), ("@rows", results.Sum(r => r.Rows)),
                    ("@started", results.SelectMany(r => r.Tables).Min(t => t.StartedAt)), ("@ended", results.SelectMany(r => r.Tables).Max(t => t.EndedAt))).ConfigureAwait(false);
                await RunAsync(
                    "INSERT INTO T_BATCH_DATE_0001 (METHOD_CODE, BATCH_BASE_TIME, RESULT, UPDATED_AT) VALUES (@code, @base, @result, @now) " +
                    "ON CONFLICT (METHOD_CODE) DO UPDATE SET BATCH_BASE_TIME = excluded.BATCH_BASE_TIME, RESULT = excluded.RESULT, UPDATED_AT = excluded.UPDATED_AT " +
                    "WHERE excluded.BATCH_BASE_TIME >= T_BATCH_DATE_0001.BATCH_BASE_TIME",
                    ("@code", code), ("@base", baseTime), ("@result", overall), ("@now", now)).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }, "write the result tables", cancellationToken).ConfigureAwait(false);
        return results;
    }
}
