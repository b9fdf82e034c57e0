using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Batch.Dashboard.Hosting;
using Batch.Jobs;
using Batch.Launch;
using Batch.Steps;
using Microsoft.Extensions.DependencyInjection;

namespace Batch.Benchmarks.Workloads;

/// <summary>
/// The dashboard's main page with 10,000 executions in the repository (five jobs, one instance, one parameter and one step each,
/// bulk-inserted in SQL) must answer in under 100 ms over HTTP: the standalone dashboard server on Kestrel at 127.0.0.1, asked by an
/// HttpClient, median and 95th percentile of 50 requests after warm-up. The baseline, measured in the same run (alternating with the page), is the explorer
/// reads the page makes, called directly (job names; each job's running executions and newest execution; the newest executions),
/// so the ratio is what rendering and HTTP add. The executions list deep in the history (page 200, an OFFSET of 4,975) and a job's
/// page (its duration chart of 50 executions) are reported beside it. <c>BATCH_BENCH_BACKENDS</c> limits the databases.
/// </summary>
internal sealed class DashboardWorkload(Databases databases) : IWorkload
{
    private const double GoalMs = 100;
    private const int Jobs = 5;

    public string Name => "dashboard";

    public async Task<IReadOnlyList<WorkloadResult>> RunAsync(BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        var executions = settings.Scaled(10_000, 50);
        var requests = Math.Max(5, settings.Scaled(50, 5));
        var rows = new List<WorkloadResult>();
        var backends = SelectedBackends.Read("Sqlite,Postgres", databasesOnly: true);
        foreach (var backend in backends)
        {
            rows.AddRange(await RunAsync(backend, executions, requests, cancellationToken));
        }

        return rows;
    }

    private async Task<IReadOnlyList<WorkloadResult>> RunAsync(Backend backend, int executions, int requests, CancellationToken cancellationToken)
    {
        var name = backend == Backend.Postgres ? "PostgreSQL" : "SQLite";
        var (created, _, connectionString) = await databases.RepositoryAsync(backend, "dashboard");
        if (created is IAsyncDisposable createdDisposable)
        {
            await createdDisposable.DisposeAsync();
        }

        var (repository, _) = Databases.Open(backend, connectionString, counted: false);
        var services = new ServiceCollection();
        services.AddSingleton(repository);
        services.AddBatch(batch =>
        {
            for (var j = 1; j <= Jobs; j++)
            {
                batch.AddJob(new JobBuilder(JobName(j)).Start(new StepBuilder("load").Tasklet((_, _) => ValueTask.FromResult(RepeatStatus.Finished)).Build()).Build());
            }
        });
        await using var provider = services.BuildServiceProvider();
        try
        {
            // Creates the schema, then the history in set-based statements.
            await new JobLauncher(repository).RunAsync(
                provider.GetRequiredService<IJobRegistry>().GetJob(JobName(1)), new JobParametersBuilder().AddLong("run", -1).Build(), cancellationToken);
            var fill = Stopwatch.StartNew();
            await using (var connection = await Databases.OpenAsync(backend, connectionString))
            {
                await BulkInsertAsync(connection, backend, executions, cancellationToken);
            }

            fill.Stop();

            await using var server = await BatchDashboardServer.StartAsync(provider, new BatchDashboardServerOptions { Urls = "http://127.0.0.1:0" }, cancellationToken);
            using var http = new HttpClient { BaseAddress = server.DashboardUri };
            var explorer = provider.GetRequiredService<IJobExplorer>();
            var newest = (await explorer.FindJobExecutionsAsync(JobExecutionQuery.All, 0, 1, cancellationToken))[0].Id;
            var page = await http.GetStringAsync(string.Empty, cancellationToken);
            if (!page.Contains($"#{newest}", StringComparison.Ordinal) || !page.Contains(JobName(Jobs), StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The main page does not show the newest execution #{newest} and every job.");
            }

            var deepPage = Math.Max(1, executions / 25 / 2);
            var (main, reads) = await AlternatingAsync(requests, () => GetAsync(http, string.Empty, cancellationToken), () => MainPageReadsAsync(explorer, cancellationToken));
            var list = await TimeAsync(requests, () => GetAsync(http, $"executions?page={deepPage}", cancellationToken));
            var job = await TimeAsync(requests, () => GetAsync(http, $"jobs/{JobName(1)}", cancellationToken));
            var mainMedian = Measure.Median(main);
            var notes = string.Create(CultureInfo.InvariantCulture,
                $"median of {requests} GETs after warm-up over HTTP on 127.0.0.1 (Kestrel); p95 {Percentile(main, 0.95):0.0} ms; {executions:N0} executions of {Jobs} jobs bulk-inserted in {fill.Elapsed.TotalSeconds:0.0} s; page {page.Length / 1024.0:0} KiB");
            return
            [
                WorkloadResult.Info(
                    $"dashboard: main page with {executions:N0} executions, {name} (vs the explorer reads it makes)", "ms", mainMedian, Measure.Median(reads),
                    $"<= {GoalMs:0} ms", mainMedian <= GoalMs, notes),
                WorkloadResult.Info(
                    $"dashboard: main page with {executions:N0} executions, 95th percentile, {name}", "ms", Percentile(main, 0.95), null,
                    $"<= {GoalMs:0} ms", Percentile(main, 0.95) <= GoalMs, string.Create(CultureInfo.InvariantCulture, $"{requests} GETs after warm-up")),
                WorkloadResult.Info(
                    $"dashboard: executions list, page {deepPage} (offset {(deepPage - 1) * 25:N0}) of {executions:N0}, {name}", "ms", Measure.Median(list), null,
                    $"<= {GoalMs:0} ms", Measure.Median(list) <= GoalMs, string.Create(CultureInfo.InvariantCulture, $"median of {requests}; p95 {Percentile(list, 0.95):0.0} ms")),
                WorkloadResult.Info(
                    $"dashboard: a job's page (duration chart of its 50 newest executions), {name}", "ms", Measure.Median(job), null,
                    $"<= {GoalMs:0} ms", Measure.Median(job) <= GoalMs, string.Create(CultureInfo.InvariantCulture, $"median of {requests}; p95 {Percentile(job, 0.95):0.0} ms")),
            ];
        }
        finally
        {
            if (repository is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    private static string JobName(int j) => $"job{j}";

    private static async Task GetAsync(HttpClient http, string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        response.EnsureSuccessStatusCode();
        _ = await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>What the main page reads, straight from the explorer.</summary>
    private static async Task MainPageReadsAsync(IJobExplorer explorer, CancellationToken cancellationToken)
    {
        foreach (var job in await explorer.GetJobNamesAsync(cancellationToken))
        {
            _ = await explorer.GetRunningJobExecutionsAsync(job, cancellationToken);
            _ = await explorer.FindJobExecutionsAsync(new JobExecutionQuery { JobName = job }, 0, 1, cancellationToken);
        }

        _ = await explorer.FindJobExecutionsAsync(JobExecutionQuery.All, 0, 10, cancellationToken);
    }

    /// <summary>Times <paramref name="count"/> calls after 10 untimed ones (and at least a second of warm-up), in milliseconds.</summary>
    private static async Task<List<double>> TimeAsync(int count, Func<Task> call)
    {
        var warmUp = Stopwatch.StartNew();
        for (var i = 0; i < 10 || (warmUp.Elapsed < TimeSpan.FromSeconds(1) && i < 200); i++)
        {
            await call();
        }

        var times = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            await call();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        return times;
    }

    /// <summary>Like <see cref="TimeAsync"/> for two calls in turn, so noise on the shared machine hits both alike.</summary>
    private static async Task<(List<double> First, List<double> Second)> AlternatingAsync(int count, Func<Task> first, Func<Task> second)
    {
        var warmUp = Stopwatch.StartNew();
        for (var i = 0; i < 10 || (warmUp.Elapsed < TimeSpan.FromSeconds(1) && i < 200); i++)
        {
            await first();
            await second();
        }

        var a = new List<double>(count);
        var b = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            await first();
            a.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            await second();
            b.Add(clock.Elapsed.TotalMilliseconds);
        }

        return (a, b);
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    /// <summary>
    /// Inserts <paramref name="count"/> executions spread over the five jobs (one instance, a parameter and a step each), one in ten
    /// FAILED, with durations of 1 to 60 s, in the past year — set-based statements in one transaction.
    /// </summary>
    private static async Task BulkInsertAsync(DbConnection connection, Backend backend, int count, CancellationToken cancellationToken)
    {
        var series = backend == Backend.Postgres
            ? "SELECT g AS n FROM generate_series(1, @count) g"
            : "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < @count) SELECT n FROM s";
        var seconds = backend == Backend.Postgres ? "make_interval(secs => 1 + (i.JOB_INSTANCE_ID % 60))" : null;
        var end = backend == Backend.Postgres
            ? $"CAST(@t AS TIMESTAMP) + {seconds}"
            : "datetime(@t, '+' || (1 + (i.JOB_INSTANCE_ID % 60)) || ' seconds')";
        string[] statements =
        [
            $"INSERT INTO BATCH_JOB_INSTANCE (VERSION, JOB_NAME, JOB_KEY) SELECT 0, 'job' || (1 + g.n % {Jobs}), 'bulk-' || g.n FROM ({series}) g",
            $"""
            INSERT INTO BATCH_JOB_EXECUTION (VERSION, JOB_INSTANCE_ID, CREATE_TIME, START_TIME, END_TIME, STATUS, EXIT_CODE, EXIT_MESSAGE, LAST_UPDATED)
            SELECT 1, i.JOB_INSTANCE_ID, @t, @t, {end},
                CASE WHEN i.JOB_INSTANCE_ID % 10 = 0 THEN 'FAILED' ELSE 'COMPLETED' END,
                CASE WHEN i.JOB_INSTANCE_ID % 10 = 0 THEN 'FAILED' ELSE 'COMPLETED' END, '', @t
            FROM BATCH_JOB_INSTANCE i WHERE i.JOB_KEY LIKE 'bulk-%'
            ORDER BY i.JOB_INSTANCE_ID
            """,
            """
            INSERT INTO BATCH_JOB_EXECUTION_PARAMS (JOB_EXECUTION_ID, TYPE_CD, KEY_NAME, STRING_VAL, DATE_VAL, LONG_VAL, DOUBLE_VAL, IDENTIFYING)
            SELECT e.JOB_EXECUTION_ID, 'LONG', 'run', CAST(i.JOB_INSTANCE_ID AS TEXT), NULL, i.JOB_INSTANCE_ID, NULL, 'Y'
            FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID WHERE i.JOB_KEY LIKE 'bulk-%'
            """,
            $"""
            INSERT INTO BATCH_STEP_EXECUTION (VERSION, STEP_NAME, JOB_EXECUTION_ID, START_TIME, END_TIME, STATUS, COMMIT_COUNT, READ_COUNT, FILTER_COUNT,
                WRITE_COUNT, READ_SKIP_COUNT, WRITE_SKIP_COUNT, PROCESS_SKIP_COUNT, ROLLBACK_COUNT, EXIT_CODE, EXIT_MESSAGE, LAST_UPDATED)
            SELECT 2, 'load', e.JOB_EXECUTION_ID, @t, {end}, e.STATUS, 10, 10000, 0, 10000, 0, 0, 0, 0, e.STATUS, '', @t
            FROM BATCH_JOB_EXECUTION e JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID WHERE i.JOB_KEY LIKE 'bulk-%'
            """,
        ];
        await BulkHistorySql.RunAsync(connection, statements, count, cancellationToken);
    }
}
