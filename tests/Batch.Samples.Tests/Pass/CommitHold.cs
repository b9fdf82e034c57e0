using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Samples.Pass;

namespace Batch.Samples.Tests.Pass;

/// <summary>
/// Holds a running sample's step where a kill test wants it, with a lock the test owns instead of a race against the clock.
/// <para>PostgreSQL: an uncommitted pass of the test's for one bulk pass and its group's first member, so the job's INSERT of that
/// bulk pass waits on the unique index (bulk pass, member) until the test's transaction ends; the bulk passes before it commit.</para>
/// <para>SQLite, which has no row locks (and whose write lock a busy job never lets a waiting test have): a trigger of the test's
/// on that bulk pass's first pass counts a four-way cross join of the members (2000⁴ rows, far longer than any test), so the job
/// stays inside that bulk pass's INSERT while the test reads its commits (WAL: reads do not wait) and kills it.</para>
/// Disposing rolls the test's transaction back, or drops the trigger.
/// </summary>
internal sealed class CommitHold : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly PassBackend _backend;
    private NpgsqlConnection? _postgres;
    private NpgsqlTransaction? _transaction;
    private const string TriggerName = "test_hold_bulk_pass";

    private CommitHold(string connectionString, PassBackend backend)
    {
        _connectionString = connectionString;
        _backend = backend;
    }

    /// <summary>Starts the hold: <paramref name="blockedBulkPass"/> is the bulk pass the job cannot get past.</summary>
    public static async Task<CommitHold> StartAsync(PassDatabase database, PassBackend backend, long blockedBulkPass)
    {
        await using var db = database.CreateContext();
        var hold = new CommitHold(db.Database.GetConnectionString()!, backend);
        if (backend == PassBackend.Postgres)
        {
            hold._postgres = new NpgsqlConnection(hold._connectionString);
            await hold._postgres.OpenAsync();
            hold._transaction = await hold._postgres.BeginTransactionAsync();
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO pass_pass (package_id, member_id, status, starts_at, ends_at, remaining_sessions, bulk_pass_id)
                SELECT b.package_id, (SELECT MIN(g.member_id) FROM pass_group_member g WHERE g.group_id = b.group_id), 'ACTIVE',
                       b.starts_at, b.ends_at, b.sessions, b.id
                FROM pass_bulk_pass b WHERE b.id = @id
                """, hold._postgres, hold._transaction);
            insert.Parameters.AddWithValue("id", blockedBulkPass);
            (await insert.ExecuteNonQueryAsync()).Should().Be(1, "the test's pass must hold bulk pass {0}'s key", blockedBulkPass);
        }
        else
        {
            await using var sqlite = new SqliteConnection(hold._connectionString);
            await sqlite.OpenAsync();
            await using var trigger = sqlite.CreateCommand();
            trigger.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
                CREATE TRIGGER {TriggerName} BEFORE INSERT ON pass_pass WHEN NEW.bulk_pass_id = {blockedBulkPass}
                BEGIN SELECT count(*) FROM pass_member a, pass_member b, pass_member c, pass_member d; END
                """);
            await trigger.ExecuteNonQueryAsync();
        }

        return hold;
    }

    /// <summary>Waits until the running step has committed <paramref name="commits"/> chunks, and then holds it there.</summary>
    public async Task WaitForCommitsAsync(RunningSample sample, string step, long commits, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew(); // a limit only
        while (true)
        {
            // A connection of its own each time: a SQLite connection that failed to find the repository's tables before the sample
            // created them keeps not finding them; on PostgreSQL an error must not abort the holding transaction.
            // A connection of its own each time: a SQLite connection that failed to find the repository's tables before the sample
            // created them keeps not finding them; on PostgreSQL an error must not abort the holding transaction.
            long seen;
            await using (var connection = Open())
            {
                await connection.OpenAsync();
                seen = await CommitsAsync(connection, step);
            }

            if (seen >= commits)
            {
                return;
            }

            if (sample.Process.HasExited || clock.Elapsed > limit)
            {
                Assert.Fail($"The step never committed {commits} chunks while running ({_backend}; last seen {seen}). Output:\n{sample.Output}");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.RollbackAsync();
            await _transaction.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        if (_backend == PassBackend.Sqlite)
        {
            await using var sqlite = new SqliteConnection(_connectionString);
            await sqlite.OpenAsync();
            await using var drop = sqlite.CreateCommand();
            drop.CommandText = $"DROP TRIGGER IF EXISTS {TriggerName}";
            await drop.ExecuteNonQueryAsync();
        }
    }

    private DbConnection Open() => _backend == PassBackend.Postgres
        ? new NpgsqlConnection(_connectionString)
        : new SqliteConnection(new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString());

    /// <summary>The running step's commits, 0 while the sample has not created the job repository's tables yet.</summary>
    private static async Task<long> CommitsAsync(DbConnection connection, string step)
    {
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COALESCE(MAX(COMMIT_COUNT), 0) FROM BATCH_STEP_EXECUTION WHERE STEP_NAME = @step AND STATUS = 'STARTED'";
        var name = count.CreateParameter();
        name.ParameterName = "step";
        name.Value = step;
        count.Parameters.Add(name);
        try
        {
            return Convert.ToInt64(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
        catch (DbException ex) when (ex.Message.Contains("BATCH_STEP_EXECUTION", StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }
    }
}
