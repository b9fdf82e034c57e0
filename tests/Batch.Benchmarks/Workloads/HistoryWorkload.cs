using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Batch.Infrastructure.Tests.Support;
using Batch.Jobs;
using Batch.Launch;
using Batch.Repository;
using Batch.Steps;

namespace Batch.Benchmarks.Workloads;

/// <summary>
/// Workload 4 — a large history: one million earlier executions of the job (one instance each, with a parameter and a
/// step execution, bulk-inserted in SQL) against an empty repository, on PostgreSQL and SQLite. A launch must cost the
/// same statements and at most 1.2× the time of a launch on the empty repository (alternating blocks of tiny job runs on
/// the two), and the reads of the operator's <c>list</c> (job names, the newest instances of each job with their
/// executions) and <c>show</c> (one execution with its steps, an old one and a new one) must answer within 100 ms.
/// <c>BATCH_BENCH_BACKENDS</c> limits the databases, as for the checkpoint workload.
/// </summary>
internal sealed class HistoryWorkload(Databases databases) : IWorkload
{
    private static readonly TimeSpan ReadGoal = TimeSpan.FromMilliseconds(100);

    public string Name => "history";

    public async Task<IReadOnlyList<WorkloadResult>> RunAsync(BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        var history = settings.Scaled(1_000_000, 1_000);
        var rows = new List<WorkloadResult>();
        var backends = SelectedBackends.Read("Sqlite,Postgres", databasesOnly: true);
        foreach (var backend in backends)
        {
            rows.AddRange(await RunAsync(backend, history, settings, cancellationToken));
        }

        return rows;
    }

    private async Task<IReadOnlyList<WorkloadResult>> RunAsync(Backend backend, int history, BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        var name = backend == Backend.Postgres ? "PostgreSQL" : "SQLite";
        var (empty, emptyCounter, _) = await databases.RepositoryAsync(backend, "history_empty");
        var (large, largeCounter, largeConnection) = await databases.RepositoryAsync(backend, "history_large");
        try
        {
            var tiny = new JobBuilder("tiny").Start(new StepBuilder("noop").Tasklet((_, _) => ValueTask.FromResult(RepeatStatus.Finished)).Build()).Build();
            var emptyLauncher = new JobLauncher(empty);
            var largeLauncher = new JobLauncher(large);
            var run = 0L;
            await emptyLauncher.RunAsync(tiny, Run(--run), cancellationToken); // creates the schemas
            await largeLauncher.RunAsync(tiny, Run(--run), cancellationToken);

            var fill = Stopwatch.StartNew();
            await using (var connection = await Databases.OpenAsync(backend, largeConnection))
            {
                await BulkInsertAsync(connection, backend, history, cancellationToken);
            }

            fill.Stop();

            // Alternating blocks of launches on the two repositories, so both see the same machine.
            var block = settings.Scaled(100, 5);
            var blocks = Math.Max(3, settings.Repetitions);
            for (var i = 0; i < block; i++)
            {
                await emptyLauncher.RunAsync(tiny, Run(--run), cancellationToken);
                await largeLauncher.RunAsync(tiny, Run(--run), cancellationToken);
            }

            var emptyTimes = new List<double>();
            var largeTimes = new List<double>();
            var emptyStatements = new List<int>();
            var largeStatements = new List<int>();
            var next = 1L;
            for (var b = 0; b < blocks; b++)
            {
                emptyTimes.Add(await LaunchBlockAsync(emptyLauncher, tiny, emptyCounter!, emptyStatements, block, () => next++, cancellationToken));
                largeTimes.Add(await LaunchBlockAsync(largeLauncher, tiny, largeCounter!, largeStatements, block, () => next++, cancellationToken));
            }

            var emptyMs = Measure.Median(emptyTimes);
            var largeMs = Measure.Median(largeTimes);

            // The operator's reads, on the large history.
            var listTimes = new List<double>();
            var showOldTimes = new List<double>();
            var showNewTimes = new List<double>();
            var oldest = await FirstExecutionIdAsync(largeConnection, backend);
            var newest = (await large.GetLastJobExecutionAsync((await large.GetJobInstancesAsync("tiny", 0, 1, cancellationToken))[0], cancellationToken))!.Id;
            for (var r = 0; r < 3 + settings.Repetitions; r++)
            {
                listTimes.Add(await TimeMsAsync(() => ListAsync(large, cancellationToken)));
                showOldTimes.Add(await TimeMsAsync(() => ShowAsync(large, oldest, cancellationToken)));
                showNewTimes.Add(await TimeMsAsync(() => ShowAsync(large, newest, cancellationToken)));
            }

            var list = Measure.Median(listTimes.Skip(2).ToList());
            var showOld = Measure.Median(showOldTimes.Skip(2).ToList());
            var showNew = Measure.Median(showNewTimes.Skip(2).ToList());
            var total = (await large.GetJobInstancesAsync("tiny", 0, 1, cancellationToken))[0].Id;
            return
            [
                WorkloadResult.LowerIsBetter(
                    $"history: tiny job run with {history:N0} earlier executions vs an empty repository, {name}", "ms/launch", largeMs, emptyMs, 1.2,
                    string.Create(CultureInfo.InvariantCulture,
                        $"median of {blocks} alternating blocks of {block}; history bulk-inserted in {fill.Elapsed.TotalSeconds:0.0} s (newest instance id {total:N0})")),
                WorkloadResult.Info(
                    $"history: repository statements per tiny job run with {history:N0} earlier executions vs empty, {name}", "statements",
                    largeStatements.Max(), emptyStatements.Max(), "equal", largeStatements.Max() == emptyStatements.Max() && largeStatements.Min() == emptyStatements.Min(),
                    $"large {largeStatements.Min()}–{largeStatements.Max()}, empty {emptyStatements.Min()}–{emptyStatements.Max()}"),
                Within($"history: 'list' reads (job names, newest {ListedInstances} instances with their executions), {name}", list),
                Within($"history: 'show' of the oldest of {history:N0} executions with its steps, {name}", showOld),
                Within($"history: 'show' of the newest execution with its steps, {name}", showNew),
            ];
        }
        finally
        {
            foreach (var repository in new[] { empty, large })
            {
                if (repository is IAsyncDisposable disposable)
                {
                    await disposable.DisposeAsync();
                }
            }
        }
    }

    private const int ListedInstances = 5;

    private static JobParameters Run(long run) => new JobParametersBuilder().AddLong("run", run).Build();

    private static WorkloadResult Within(string name, double ms) =>
        WorkloadResult.Info(name, "ms", ms, ReadGoal.TotalMilliseconds, $"<= {ReadGoal.TotalMilliseconds:0} ms", ms <= ReadGoal.TotalMilliseconds, "median after two warm-up reads");

    private static async Task<double> LaunchBlockAsync(
        JobLauncher launcher, IJob job, CountingDataSource counter, List<int> statements, int count, Func<long> next, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var before = counter.Statements;
            var execution = await launcher.RunAsync(job, Run(next()), cancellationToken);
            statements.Add(counter.Statements - before);
            if (execution.Status != BatchStatus.Completed)
            {
                throw new InvalidOperationException($"A tiny job ended {execution.Status.ToCode()}: {execution.ExitStatus}");
            }
        }

        return clock.Elapsed.TotalMilliseconds / count;
    }

    /// <summary>What the operator's <c>list</c> reads: the job names, then each job's newest instances with their executions.</summary>
    private static async Task ListAsync(IJobExplorer explorer, CancellationToken cancellationToken)
    {
        foreach (var job in await explorer.GetJobNamesAsync(cancellationToken))
        {
            foreach (var instance in await explorer.GetJobInstancesAsync(job, 0, ListedInstances, cancellationToken))
            {
                _ = await explorer.GetJobExecutionsAsync(instance, cancellationToken);
            }
        }
    }

    /// <summary>What the operator's <c>show</c> reads: one execution with its steps.</summary>
    private static async Task ShowAsync(IJobExplorer explorer, long id, CancellationToken cancellationToken)
    {
        var execution = await explorer.GetJobExecutionAsync(id, cancellationToken) ?? throw new InvalidOperationException($"Execution {id} is missing.");
        if (execution.StepExecutions.Count == 0)
        {
            throw new InvalidOperationException($"Execution {id} has no steps.");
        }
    }

    private static async Task<double> TimeMsAsync(Func<Task> action) => (await Measure.TimeAsync(action)).TotalMilliseconds;


    private static async Task<long> FirstExecutionIdAsync(string connectionString, Backend backend)
    {
        await using var connection = await Databases.OpenAsync(backend, connectionString);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Inserts <paramref name="count"/> completed executions of 'tiny' (an instance, an execution, a parameter and a step each), dated
    /// a year ago, in one transaction of set-based statements.
    /// </summary>
    private static async Task BulkInsertAsync(DbConnection connection, Backend backend, int count, CancellationToken cancellationToken)
    {
        var series = backend == Backend.Postgres
            ? "SELECT g AS n FROM generate_series(1, @count) g"
            : "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < @count) SELECT n FROM s";
        var concat = backend == Backend.Postgres ? "'h' || g.n" : "'h' || g.n";
        string[] statements =
        [
            $"INSERT INTO BATCH_JOB_INSTANCE (VERSION, JOB_NAME, JOB_KEY) SELECT 0, 'tiny', {concat} FROM ({series}) g",
            """
            INSERT INTO BATCH_JOB_EXECUTION (VERSION, JOB_INSTANCE_ID, CREATE_TIME, START_TIME, END_TIME, STATUS, EXIT_CODE, EXIT_MESSAGE, LAST_UPDATED)
            SELECT 1, i.JOB_INSTANCE_ID, @t, @t, @t, 'COMPLETED', 'COMPLETED', '', @t FROM BATCH_JOB_INSTANCE i WHERE i.JOB_NAME = 'tiny' AND i.JOB_KEY LIKE 'h%'
            """,
            """
            INSERT INTO BATCH_JOB_EXECUTION_PARAMS (JOB_EXECUTION_ID, TYPE_CD, KEY_NAME, STRING_VAL, DATE_VAL, LONG_VAL, DOUBLE_VAL, IDENTIFYING)
            SELECT e.JOB_EXECUTION_ID, 'LONG', 'run', CAST(i.JOB_INSTANCE_ID AS TEXT), NULL, i.JOB_INSTANCE_ID, NULL, 'Y'
            FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID WHERE i.JOB_KEY LIKE 'h%'
            """,
            """
            INSERT INTO BATCH_STEP_EXECUTION (VERSION, STEP_NAME, JOB_EXECUTION_ID, START_TIME, END_TIME, STATUS, COMMIT_COUNT, READ_COUNT, FILTER_COUNT,
                WRITE_COUNT, READ_SKIP_COUNT, WRITE_SKIP_COUNT, PROCESS_SKIP_COUNT, ROLLBACK_COUNT, EXIT_CODE, EXIT_MESSAGE, LAST_UPDATED)
            SELECT 2, 'noop', e.JOB_EXECUTION_ID, @t, @t, 'COMPLETED', 1, 0, 0, 0, 0, 0, 0, 0, 'COMPLETED', '', @t
            FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID WHERE i.JOB_KEY LIKE 'h%'
            """,
        ];
        await BulkHistorySql.RunAsync(connection, statements, count, cancellationToken);
    }
}
