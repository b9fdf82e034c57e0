using System.Data.Common;
using System.Globalization;
using Batch.Jobs;
using Batch.Launch;
using Batch.Repository;
using Batch.Steps;

namespace Batch.Benchmarks.Workloads;

/// <summary>
/// Workload 2 — checkpoint cost: 100,000 lines → file, chunk 10 (10,000 commits), plus a no-op tasklet step, on the
/// in-memory, SQLite and PostgreSQL repositories (the shape of the public Spring Batch job-repository benchmark).
/// Baseline: the same lines written to the same kind of file, with the minimal transaction per chunk done by hand
/// on the same database (UPDATE one step row, COMMIT); for the in-memory repository, the file writes alone.
/// For the databases, a third variant, <see cref="CheckpointFloor"/>, runs the repository's own statements by hand, which
/// separates what the schema costs from what the framework adds. Also a chunk-size sweep on PostgreSQL, reported as the
/// cost per commit (the slope of time over commits).
/// The environment variable <c>BATCH_BENCH_BACKENDS</c> (for example <c>InMemory</c> or <c>Sqlite,Postgres</c>)
/// limits the repositories, for profiling one of them.
/// </summary>
internal sealed class CheckpointCostWorkload(Databases databases) : IWorkload
{
    private long _run;

    public string Name => "checkpoint cost";

    public async Task<IReadOnlyList<WorkloadResult>> RunAsync(BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        var items = settings.Scaled(100_000, 100);
        var repetitions = Math.Min(settings.Repetitions, 3);
        var rows = new List<WorkloadResult>();
        var backends = SelectedBackends.Read("InMemory,Sqlite,Postgres");
        foreach (var backend in backends)
        {
            // An in-memory run takes a tenth of a second, where the thread pool's timing moves single runs by ±30%: more of them.
            // A SQLite run takes a quarter of a second and meets about ten WAL checkpoints, each with an fsync whose time the
            // disk decides: twice the runs, so the median does not rest on three of them.
            var runs = backend switch
            {
                Backend.InMemory => settings.Repetitions * 3,
                Backend.Sqlite => settings.Repetitions * 2,
                _ => repetitions,
            };
            var (value, baseline, floor, statementsPerCommit) = await MeasureAsync(backend, items, 10, runs, settings, withFloor: true, cancellationToken);
            var commits = Commits(items, 10);
            rows.Add(WorkloadResult.LowerIsBetter(
                $"checkpoint cost: {items:N0} lines → file, chunk 10, {Describe(backend)}", "ms/commit",
                value.TotalMilliseconds / commits, baseline.TotalMilliseconds / commits, MaxRatio(backend),
                string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.00} s for the job vs {baseline.TotalSeconds:0.00} s by hand") +
                (statementsPerCommit is { } s ? string.Create(CultureInfo.InvariantCulture, $"; {s:0.00} repository statements per chunk commit") : string.Empty)));
            if (floor is { } f)
            {
                rows.Add(WorkloadResult.Info(
                    $"checkpoint cost: {Describe(backend)}, against the two-row checkpoint (step row and context row) done by hand", "ms/commit",
                    value.TotalMilliseconds / commits, f.TotalMilliseconds / commits,
                    "reported (what the framework adds on top of its schema)", null,
                    string.Create(CultureInfo.InvariantCulture,
                        $"floor {f.TotalSeconds:0.00} s = {f / baseline:0.00}x the one-row baseline; the floor also writes the context row, as a reader that keeps its position in the context costs (the job's reader resumes from the step's counts: one row per chunk)")));
            }
        }

        if (!backends.Contains(Backend.Postgres))
        {
            return rows;
        }

        var sweep = new List<(int Chunk, int Commits, TimeSpan Value, TimeSpan Baseline)>();
        foreach (var chunk in new[] { 10, 100, 1_000, 5_000 })
        {
            var (value, baseline, _, _) = await MeasureAsync(Backend.Postgres, items, chunk, Math.Min(repetitions, 2), settings, withFloor: false, cancellationToken);
            sweep.Add((chunk, Commits(items, chunk), value, baseline));
            rows.Add(WorkloadResult.Info(
                $"checkpoint cost: sweep, chunk {chunk}, PostgreSQL", "ms/commit",
                value.TotalMilliseconds / Commits(items, chunk), baseline.TotalMilliseconds / Commits(items, chunk),
                "see the slope below", null,
                string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.000} s for the whole job (launch included) vs {baseline.TotalSeconds:0.000} s by hand, {Commits(items, chunk):N0} commits")));
        }

        var frameworkSlope = Slope(sweep.Select(s => (s.Commits, s.Value.TotalMilliseconds)));
        var baselineSlope = Slope(sweep.Select(s => (s.Commits, s.Baseline.TotalMilliseconds)));
        rows.Add(WorkloadResult.LowerIsBetter(
            "checkpoint cost: sweep slope (cost per commit over chunk 10–5000), PostgreSQL", "ms/commit", frameworkSlope, baselineSlope, 1.5,
            "least-squares slope of total time over the number of commits"));
        return rows;
    }

    private static int Commits(int items, int chunk) => (items + chunk - 1) / chunk;

    /// <summary>The goal per repository: a chunk's checkpoint is one row, so SQLite within 1.2x and PostgreSQL within 1.0x of the one-row baseline.</summary>
    private static double MaxRatio(Backend backend) => backend switch
    {
        Backend.Sqlite => 1.2,
        Backend.Postgres => 1.0,
        _ => 1.5,
    };

    private static string Describe(Backend backend) => backend switch
    {
        Backend.Postgres => "PostgreSQL",
        Backend.Sqlite => "SQLite",
        _ => "in-memory",
    };

    private async Task<(TimeSpan Value, TimeSpan Baseline, TimeSpan? Floor, double? StatementsPerCommit)> MeasureAsync(
        Backend backend, int items, int chunk, int repetitions, BenchmarkSettings settings, bool withFloor, CancellationToken cancellationToken)
    {
        // The timed runs use a plain repository; a second one on the same database, wrapped to count statements, runs after them.
        var (counted, counter, connectionString) = await databases.RepositoryAsync(backend, $"checkpoint{chunk}");
        var (repository, _) = backend == Backend.InMemory ? (counted, null) : Databases.Open(backend, connectionString, counted: false);
        try
        {
            var file = Path.Combine(settings.WorkDirectory, $"lines-{backend}-{chunk}.txt");
            var launcher = new JobLauncher(repository);
            var job = new JobBuilder("checkpoint")
                .Start(new StepBuilder("lines")
                    .Chunk<string>(chunk)
                    .Reader(_ => new LineReader(items))
                    .Writer(_ => new LineFileWriter(file))
                    .Build())
                .Next(new StepBuilder("noop").Tasklet((_, _) => ValueTask.FromResult(RepeatStatus.Finished)).Build())
                .Build();

            await using var connection = backend == Backend.InMemory ? null : await Databases.OpenAsync(backend, connectionString);
            if (connection is not null)
            {
                await PrepareBaselineAsync(connection, cancellationToken);
            }

            async Task Framework()
            {
                var execution = await launcher.RunAsync(job, new JobParametersBuilder().AddLong("run", Interlocked.Increment(ref _run)).Build(), cancellationToken);
                if (execution.Status != BatchStatus.Completed)
                {
                    throw new InvalidOperationException($"The checkpoint job ended {execution.Status.ToCode()}: {execution.ExitStatus}");
                }
            }

            Task Baseline() => BaselineAsync(connection, file + ".baseline", items, chunk, cancellationToken);

            if (!withFloor || connection is null)
            {
                var (value, baseline) = await Measure.AlternatingAsync(repetitions, Framework, Baseline);
                double? perCommit = counter is null ? null : await StatementsPerCommitAsync(counter, job, new JobLauncher(counted), items, chunk, cancellationToken);
                return (value, baseline, null, perCommit);
            }

            var floorStep = await CheckpointFloor.AddStepAsync(repository, Interlocked.Increment(ref _run), cancellationToken);
            Task Floor() => CheckpointFloor.RunAsync(connection, backend == Backend.Postgres, floorStep, file + ".floor", items, chunk, cancellationToken);
            var medians = await Measure.AlternatingAsync(repetitions, [Baseline, Framework, Floor]);
            double? statements = counter is null ? null : await StatementsPerCommitAsync(counter, job, new JobLauncher(counted), items, chunk, cancellationToken);
            return (medians[1], medians[0], medians[2], statements);
        }
        finally
        {
            foreach (var r in new[] { repository, counted }.Distinct())
            {
                if (r is IAsyncDisposable disposable)
                {
                    await disposable.DisposeAsync();
                }
            }
        }
    }

    /// <summary>Statements the repository sent per chunk commit, from a run of the whole job minus a run of the job with one chunk.</summary>
    private async Task<double> StatementsPerCommitAsync(
        Batch.Infrastructure.Tests.Support.CountingDataSource counter, IJob job, JobLauncher launcher, int items, int chunk, CancellationToken cancellationToken)
    {
        var before = counter.Statements;
        await launcher.RunAsync(job, new JobParametersBuilder().AddLong("run", Interlocked.Increment(ref _run)).Build(), cancellationToken);
        var whole = counter.Statements - before;
        var commits = Commits(items, chunk);
        // The launch and step bookkeeping are a constant; the rest is per commit. A one-chunk job measures the constant.
        var small = new JobBuilder("checkpoint-one-chunk")
            .Start(new StepBuilder("lines").Chunk<string>(chunk).Reader(_ => new LineReader(chunk)).Writer(_ => new Batch.Items.ListItemWriter<string>()).Build())
            .Next(new StepBuilder("noop").Tasklet((_, _) => ValueTask.FromResult(RepeatStatus.Finished)).Build())
            .Build();
        before = counter.Statements;
        await launcher.RunAsync(small, new JobParametersBuilder().AddLong("run", Interlocked.Increment(ref _run)).Build(), cancellationToken);
        var oneChunk = counter.Statements - before;
        return (double)(whole - oneChunk) / (commits - 1);
    }

    private static async Task PrepareBaselineAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText =
            "CREATE TABLE IF NOT EXISTS BENCH_STEP (ID BIGINT PRIMARY KEY, WRITE_COUNT BIGINT NOT NULL, COMMIT_COUNT BIGINT NOT NULL, LAST_UPDATED TIMESTAMP);" +
            "DELETE FROM BENCH_STEP; INSERT INTO BENCH_STEP VALUES (1, 0, 0, CURRENT_TIMESTAMP);";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The same work by hand: write the chunk's lines and flush; then BEGIN, UPDATE one row, COMMIT.</summary>
    private static async Task BaselineAsync(DbConnection? connection, string file, int items, int chunk, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(file, append: false);
        await using var update = connection?.CreateCommand();
        DbParameter? count = null;
        DbParameter? now = null;
        if (update is not null)
        {
            update.CommandText = "UPDATE BENCH_STEP SET WRITE_COUNT = WRITE_COUNT + @count, COMMIT_COUNT = COMMIT_COUNT + 1, LAST_UPDATED = @now WHERE ID = 1";
            count = update.CreateParameter();
            count.ParameterName = "@count";
            count.Value = 0L;
            update.Parameters.Add(count);
            now = update.CreateParameter();
            now.ParameterName = "@now";
            now.Value = DateTime.UtcNow;
            update.Parameters.Add(now);
        }

        for (var n = 1; n <= items;)
        {
            var inChunk = 0;
            for (; inChunk < chunk && n <= items; inChunk++, n++)
            {
                await writer.WriteLineAsync(LineReader.Line(n).AsMemory(), cancellationToken);
            }

            await writer.FlushAsync(cancellationToken);
            if (update is not null)
            {
                await using var transaction = await connection!.BeginTransactionAsync(cancellationToken);
                update.Transaction = transaction;
                count!.Value = (long)inChunk;
                now!.Value = DateTime.UtcNow;
                await update.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
        }
    }

    private static double Slope(IEnumerable<(int X, double Y)> points)
    {
        var list = points.ToList();
        var meanX = list.Average(p => p.X);
        var meanY = list.Average(p => p.Y);
        var numerator = list.Sum(p => (p.X - meanX) * (p.Y - meanY));
        var denominator = list.Sum(p => (p.X - meanX) * (p.X - meanX));
        return denominator == 0 ? double.NaN : numerator / denominator;
    }
}
