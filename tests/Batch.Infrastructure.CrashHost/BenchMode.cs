using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Batch.Launch;
using Batch.Repository;

namespace Batch.Infrastructure.CrashHost;

/// <summary>
/// Measures the chunk commit on PostgreSQL: a job of N items in chunks of C, whose writer inserts each
/// chunk into TEST_ITEM through the chunk's transaction, against the same work done by hand on one
/// connection (the floor): BEGIN, the same INSERT, an UPDATE of one row, COMMIT per chunk; and the bare
/// floor of an UPDATE of one row and a COMMIT per chunk.
/// </summary>
internal static class BenchMode
{
    public static async Task<int> RunAsync(HostArguments arguments)
    {
        var items = arguments.Int("items", 100_000);
        var chunkSize = arguments.Int("chunk", 10);
        var chunks = (items + chunkSize - 1) / chunkSize;
        await using var cluster = arguments.Get("connection") is null ? await PostgresCluster.StartAsync(durable: true) : null;
        var connectionString = arguments.Get("connection") ?? await cluster!.CreateDatabaseAsync("bench");
        var provider = new Provider("postgres", connectionString);
        Console.WriteLine($"PostgreSQL: {(cluster is null ? "the given server" : cluster.Description)} (default durability: fsync on, synchronous_commit on)");
        Console.WriteLine($"job: {items:N0} items, chunk size {chunkSize} → {chunks:N0} chunk commits, writer inserting each chunk into TEST_ITEM in the chunk's transaction");

        await using var repository = provider.CreateRepository();
        await ItemTable.CreateAsync(provider);
        await RunJobAsync(repository, 2_000, chunkSize, run: 0); // warm-up
        var (total, commit) = await RunJobAsync(repository, items, chunkSize, run: 1);
        var perChunk = total.TotalMilliseconds / chunks;
        var perCommit = commit.TotalMilliseconds / chunks;

        await using var connection = await provider.OpenAsync();
        await PrepareFloorAsync(connection);
        await FloorAsync(connection, 500, chunkSize, withInsert: true); // warm-up
        var floorWithInsert = (await FloorAsync(connection, chunks, chunkSize, withInsert: true)).TotalMilliseconds / chunks;
        var floorBare = (await FloorAsync(connection, chunks, chunkSize, withInsert: false)).TotalMilliseconds / chunks;

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            framework, whole chunk (read, process, write, checkpoint, commit): {perChunk:F3} ms per chunk ({total.TotalSeconds:F1} s in all)
            framework, CommitAsync alone (checkpoint UPDATE + context upsert in one round trip, COMMIT): {perCommit:F3} ms per commit
            floor by hand, same transaction (BEGIN, INSERT {chunkSize} rows, UPDATE 1 row, COMMIT): {floorWithInsert:F3} ms per chunk
            floor by hand, bare (UPDATE 1 row, COMMIT): {floorBare:F3} ms per chunk
            ratio whole chunk / same-transaction floor: {perChunk / floorWithInsert:F2}
            ratio CommitAsync / bare floor: {perCommit / floorBare:F2}
            """));
        return 0;
    }

    private static async Task<(TimeSpan Total, TimeSpan Commit)> RunJobAsync(IJobRepository repository, int items, int chunkSize, long run)
    {
        var commit = new Stopwatch();
        var timed = RepositoryInterceptor.Wrap(repository, (inner, _) => new TimedTransaction(inner, commit));
        var job = new NumbersJob("bench", items, chunkSize, new ItemTable.Writer());
        var clock = Stopwatch.StartNew();
        var execution = await new JobLauncher(timed).RunAsync(job.Job, new JobParametersBuilder().AddLong("run", run).Build(), CancellationToken.None);
        clock.Stop();
        if (execution.Status != BatchStatus.Completed)
        {
            throw new InvalidOperationException($"The benchmark job ended {execution.Status.ToCode()}: {execution.ExitStatus}");
        }

        return (clock.Elapsed, commit.Elapsed);
    }

    private static async Task PrepareFloorAsync(DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS FLOOR_CHECKPOINT (ID BIGINT PRIMARY KEY, COUNTER BIGINT NOT NULL, LAST_UPDATED TIMESTAMPTZ);
            INSERT INTO FLOOR_CHECKPOINT VALUES (1, 0, now()) ON CONFLICT DO NOTHING;
            """;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<TimeSpan> FloorAsync(DbConnection connection, int chunks, int chunkSize, bool withInsert)
    {
        var insertSql = string.Join(", ", Enumerable.Range(0, chunkSize).Select(i => $"(@i{i}, 0)"));
        var clock = Stopwatch.StartNew();
        for (var chunk = 0; chunk < chunks; chunk++)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            if (withInsert)
            {
                await using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO TEST_ITEM (ITEM, JOB_EXECUTION_ID) VALUES " + insertSql;
                for (var i = 0; i < chunkSize; i++)
                {
                    var p = insert.CreateParameter();
                    p.ParameterName = "i" + i.ToString(CultureInfo.InvariantCulture);
                    p.Value = (long)((chunk * chunkSize) + i);
                    insert.Parameters.Add(p);
                }

                await insert.ExecuteNonQueryAsync();
            }

            await using var update = connection.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = "UPDATE FLOOR_CHECKPOINT SET COUNTER = COUNTER + 1, LAST_UPDATED = @now WHERE ID = 1";
            var now = update.CreateParameter();
            now.ParameterName = "now";
            now.Value = DateTime.UtcNow;
            update.Parameters.Add(now);
            await update.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }

        return clock.Elapsed;
    }

    private sealed class TimedTransaction(IChunkTransaction inner, Stopwatch commit) : IChunkTransaction
    {
        public DbConnection? Connection => inner.Connection;

        public DbTransaction? Transaction => inner.Transaction;

        public async ValueTask CommitAsync(CancellationToken cancellationToken)
        {
            commit.Start();
            try
            {
                await inner.CommitAsync(cancellationToken);
            }
            finally
            {
                commit.Stop();
            }
        }

        public ValueTask RollbackAsync(CancellationToken cancellationToken) => inner.RollbackAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
