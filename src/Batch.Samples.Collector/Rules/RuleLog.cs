namespace Samples.Collector.Rules;

/// <summary>
/// Writes seed 000's status and log tables: T_BATCH_STATUS_0001 (where each table of a base time stands), T_BATCH_LOG_0001 (one
/// row per connection per run) and T_BATCH_LOG_0002 (one row per table per attempt, with the reason of a failure).
/// </summary>
public sealed class RuleLog
{
    private const string UpsertStatus =
        "INSERT INTO T_BATCH_STATUS_0001 (BATCH_BASE_TIME, METHOD_CODE, CONNECTION_NO, TABLE_NAME, STATUS, ATTEMPTS, JOB_EXECUTION_ID, " +
        "SOURCE_ROWS, LAKE_ROWS, TARGET_ROWS, CHECKSUM, MESSAGE, STARTED_AT, ENDED_AT) " +
        "VALUES (@base, @code, @conn, @table, @status, @attempts, @job, @source, @lake, @target, @checksum, @message, @started, @ended) " +
        "ON CONFLICT (BATCH_BASE_TIME, CONNECTION_NO, TABLE_NAME) DO UPDATE SET METHOD_CODE = excluded.METHOD_CODE, STATUS = excluded.STATUS, " +
        "ATTEMPTS = excluded.ATTEMPTS, JOB_EXECUTION_ID = excluded.JOB_EXECUTION_ID, SOURCE_ROWS = excluded.SOURCE_ROWS, LAKE_ROWS = excluded.LAKE_ROWS, " +
        "TARGET_ROWS = excluded.TARGET_ROWS, CHECKSUM = excluded.CHECKSUM, MESSAGE = excluded.MESSAGE, STARTED_AT = excluded.STARTED_AT, ENDED_AT = excluded.ENDED_AT";

    /// <summary>What an attempt left RUNNING by a process that died gets when a later attempt starts.</summary>
    internal const string DeadAttempt =
        "The process of this attempt ended without recording its end (killed, or its machine lost); a later batchrun took the table over and resumed it from its last committed chunk.";

    private readonly RuleDatabase _database;

    /// <summary>Creates the log over a rule database.</summary>
    /// <param name="database">The rule database.</param>
    public RuleLog(RuleDatabase database) => _database = database;

    /// <summary>Records the start of an attempt at a table: a RUNNING log row and status.</summary>
    /// <returns>The log row's id and the attempt's number (1 for the first try of the table at this base time).</returns>
    public async Task<(long LogId, int Attempt)> StartTableAttemptAsync(
        string baseTime, string code, TableEntry table, long jobExecutionId, long stepExecutionId, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        long logId = 0;
        var attempt = 0;
        await _database.RunAsync(async connection =>
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await using (var count = RuleDatabase.Command(connection,
                    "SELECT COUNT(*) FROM T_BATCH_LOG_0002 WHERE BATCH_BASE_TIME = @base AND CONNECTION_NO = @conn AND TABLE_NAME = @table",
                    ("@base", baseTime), ("@conn", table.ConnectionNumber), ("@table", table.TableName)))
                {
                    count.Transaction = transaction;
                    attempt = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) + 1;
                }

                await using (var dead = RuleDatabase.Command(connection,
                    "UPDATE T_BATCH_LOG_0002 SET STATUS = @failed, MESSAGE = @message, ENDED_AT = @now " +
                    "WHERE BATCH_BASE_TIME = @base AND CONNECTION_NO = @conn AND TABLE_NAME = @table AND STATUS = @running",
                    ("@failed", CollectStatus.Failed), ("@message", DeadAttempt), ("@now", RuleDatabase.Timestamp(now)), ("@base", baseTime),
                    ("@conn", table.ConnectionNumber), ("@table", table.TableName), ("@running", CollectStatus.Running)))
                {
                    dead.Transaction = transaction;
                    await dead.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using (var insert = RuleDatabase.Command(connection,
                    "INSERT INTO T_BATCH_LOG_0002 (BATCH_BASE_TIME, METHOD_CODE, CONNECTION_NO, TABLE_NAME, ATTEMPT_NO, JOB_EXECUTION_ID, STEP_EXECUTION_ID, STATUS, STARTED_AT) " +
                    "VALUES (@base, @code, @conn, @table, @attempt, @job, @step, @status, @started) RETURNING LOG_ID",
                    ("@base", baseTime), ("@code", code), ("@conn", table.ConnectionNumber), ("@table", table.TableName), ("@attempt", attempt),
                    ("@job", jobExecutionId), ("@step", stepExecutionId), ("@status", CollectStatus.Running), ("@started", RuleDatabase.Timestamp(now))))
                {
                    insert.Transaction = transaction;
                    logId = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
                }

                await using (var status = RuleDatabase.Command(connection, UpsertStatus,
                    ("@base", baseTime), ("@code", code), ("@conn", table.ConnectionNumber), ("@table", table.TableName), ("@status", CollectStatus.Running),
                    ("@attempts", attempt), ("@job", jobExecutionId), ("@source", null), ("@lake", null), ("@target", null), ("@checksum", null),
                    ("@message", null), ("@started", RuleDatabase.Timestamp(now)), ("@ended", null)))
                {
                    status.Transaction = transaction;
                    await status.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }, $"record the start of table {table.PartitionValue}", cancellationToken).ConfigureAwait(false);
        return (logId, attempt);
    }

    /// <summary>Records how an attempt at a table ended, in its log row and in the table's status.</summary>
    public Task EndTableAttemptAsync(
        long logId, int attempt, string baseTime, string code, TableEntry table, long jobExecutionId, DateTime startedAt, TableAttemptEnd end, DateTime now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(end);
        var verification = end.Verification;
        var message = Truncate(end.Message);
        return _database.RunAsync(async connection =>
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await using (var update = RuleDatabase.Command(connection,
                    "UPDATE T_BATCH_LOG_0002 SET STATUS = @status, READ_COUNT = @read, WRITE_COUNT = @write, SOURCE_ROWS = @source, LAKE_ROWS = @lake, " +
                    "TARGET_ROWS = @target, CHECKSUM = @checksum, MESSAGE = @message, ENDED_AT = @ended WHERE LOG_ID = @id",
                    ("@status", end.Status), ("@read", end.ReadCount), ("@write", end.WriteCount), ("@source", verification?.Source.Rows),
                    ("@lake", verification?.Lake.Rows), ("@target", verification?.Target.Rows), ("@checksum", verification?.Source.Checksum),
                    ("@message", message), ("@ended", RuleDatabase.Timestamp(now)), ("@id", logId)))
                {
                    update.Transaction = transaction;
                    await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await using (var status = RuleDatabase.Command(connection, UpsertStatus,
                    ("@base", baseTime), ("@code", code), ("@conn", table.ConnectionNumber), ("@table", table.TableName), ("@status", end.Status),
                    ("@attempts", attempt), ("@job", jobExecutionId), ("@source", verification?.Source.Rows), ("@lake", verification?.Lake.Rows),
                    ("@target", verification?.Target.Rows), ("@checksum", verification?.Source.Checksum), ("@message", message),
                    ("@started", RuleDatabase.Timestamp(startedAt)), ("@ended", RuleDatabase.Timestamp(now))))
                {
                    status.Transaction = transaction;
                    await status.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }, $"record the end of table {table.PartitionValue}", cancellationToken);
    }

    /// <summary>Adds a RUNNING row to T_BATCH_LOG_0001 for a connection at the start of a run.</summary>
    /// <returns>The row's id.</returns>
    public async Task<long> StartConnectionAsync(string baseTime, string code, string connectionNumber, long jobExecutionId, int tables, DateTime now, CancellationToken cancellationToken)
    {
        long id = 0;
        await _database.RunAsync(async connection =>
        {
            await using (var dead = RuleDatabase.Command(connection,
                "UPDATE T_BATCH_LOG_0001 SET STATUS = @failed, MESSAGE = @message, ENDED_AT = @now WHERE BATCH_BASE_TIME = @base AND CONNECTION_NO = @conn AND STATUS = @running",
                ("@failed", CollectStatus.Failed), ("@message", DeadAttempt), ("@now", RuleDatabase.Timestamp(now)), ("@base", baseTime), ("@conn", connectionNumber),
                ("@running", CollectStatus.Running)))
            {
                await dead.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var insert = RuleDatabase.Command(connection,
                "INSERT INTO T_BATCH_LOG_0001 (BATCH_BASE_TIME, METHOD_CODE, CONNECTION_NO, JOB_EXECUTION_ID, STATUS, TABLES_TOTAL, TABLES_SUCCEEDED, TABLES_FAILED, STARTED_AT) " +
                "VALUES (@base, @code, @conn, @job, @status, @total, 0, 0, @started) RETURNING LOG_ID",
                ("@base", baseTime), ("@code", code), ("@conn", connectionNumber), ("@job", jobExecutionId), ("@status", CollectStatus.Running),
                ("@total", tables), ("@started", RuleDatabase.Timestamp(now)));
            id = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }, $"record the start of connection {connectionNumber}", cancellationToken).ConfigureAwait(false);
        return id;
    }

    /// <summary>Ends a T_BATCH_LOG_0001 row with the connection's table counts.</summary>
    public Task EndConnectionAsync(long logId, string status, int succeeded, int failed, string? message, DateTime now, CancellationToken cancellationToken) =>
        _database.RunAsync(async connection =>
        {
            await using var update = RuleDatabase.Command(connection,
                "UPDATE T_BATCH_LOG_0001 SET STATUS = @status, TABLES_SUCCEEDED = @ok, TABLES_FAILED = @failed, MESSAGE = @message, ENDED_AT = @ended WHERE LOG_ID = @id",
                ("@status", status), ("@ok", succeeded), ("@failed", failed), ("@message", Truncate(message)), ("@ended", RuleDatabase.Timestamp(now)), ("@id", logId));
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, "record the end of a connection", cancellationToken);

    /// <summary>The status rows of connections for a base time.</summary>
    public async Task<IReadOnlyList<StatusRow>> GetStatusAsync(string baseTime, IReadOnlyCollection<string> connectionNumbers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connectionNumbers);
        var rows = new List<StatusRow>();
        foreach (var number in connectionNumbers)
        {
            rows.AddRange(await ReadStatusAsync("CONNECTION_NO = @key", baseTime, number, cancellationToken).ConfigureAwait(false));
        }

        return rows;
    }

    /// <summary>The status rows of a method code for a base time.</summary>
    public Task<IReadOnlyList<StatusRow>> GetStatusByCodeAsync(string baseTime, string code, CancellationToken cancellationToken) =>
        ReadStatusAsync("METHOD_CODE = @key", baseTime, code, cancellationToken);

    private async Task<IReadOnlyList<StatusRow>> ReadStatusAsync(string filter, string baseTime, string key, CancellationToken cancellationToken)
    {
        var rows = new List<StatusRow>();
        await _database.RunAsync(async connection =>
        {
            {
                await using var command = RuleDatabase.Command(connection,
                    "SELECT BATCH_BASE_TIME, METHOD_CODE, CONNECTION_NO, TABLE_NAME, STATUS, ATTEMPTS, JOB_EXECUTION_ID, SOURCE_ROWS, LAKE_ROWS, TARGET_ROWS, " +
                    "CHECKSUM, MESSAGE, STARTED_AT, ENDED_AT FROM T_BATCH_STATUS_0001 WHERE BATCH_BASE_TIME = @base AND " + filter + " ORDER BY CONNECTION_NO, TABLE_NAME",
                    ("@base", baseTime), ("@key", key));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(new StatusRow(
                        reader.GetString(0).Trim(), reader.GetString(1).Trim(), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5),
                        reader.GetInt64(6), NullableLong(reader, 7), NullableLong(reader, 8), NullableLong(reader, 9),
                        reader.IsDBNull(10) ? null : reader.GetString(10), reader.IsDBNull(11) ? null : reader.GetString(11),
                        reader.GetDateTime(12), reader.IsDBNull(13) ? null : reader.GetDateTime(13)));
                }
            }
        }, "read T_BATCH_STATUS_0001", cancellationToken).ConfigureAwait(false);
        return rows;
    }

    private static long? NullableLong(System.Data.Common.DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    private static string? Truncate(string? message) => message is { Length: > 4000 } ? message[..3997] + "..." : message;
}
