using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Batch.Infrastructure.Tests.Support;
using Batch.Jobs;
using Batch.Launch;
using Batch.Steps;

namespace Batch.Benchmarks.Workloads;

/// <summary>
/// Workload 3 — launches on PostgreSQL: 1,000 tiny jobs launched one after another, then 12 restarts of one
/// instance that fails each time. Reports launches per second (against the same rows written by hand: instance,
/// execution, step execution, their updates) and the statements the repository sends per launch, which must not
/// grow with the number of earlier executions (Spring Batch 5.2: 27 on a first launch plus one per earlier execution).
/// </summary>
internal sealed class LaunchWorkload(Databases databases) : IWorkload
{
    public string Name => "launches";

    public async Task<IReadOnlyList<WorkloadResult>> RunAsync(BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        var launches = settings.Scaled(1_000, 5);
        var (repository, counter, connectionString) = await databases.RepositoryAsync(Backend.Postgres, "launches");
        try
        {
            var launcher = new JobLauncher(repository);
            var tiny = new JobBuilder("tiny").Start(new StepBuilder("noop").Tasklet((_, _) => ValueTask.FromResult(RepeatStatus.Finished)).Build()).Build();
            await launcher.RunAsync(tiny, new JobParametersBuilder().AddLong("run", 0).Build(), cancellationToken); // warm-up (schema, model)

            var statements = new List<int>();
            var roundTrips = counter!.RoundTrips;
            var workItems = ThreadPool.CompletedWorkItemCount;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            for (var run = 1; run <= launches; run++)
            {
                var before = counter!.Statements;
                var execution = await launcher.RunAsync(tiny, new JobParametersBuilder().AddLong("run", run).Build(), cancellationToken);
                statements.Add(counter.Statements - before);
                if (execution.Status != BatchStatus.Completed)
                {
                    throw new InvalidOperationException($"A tiny job ended {execution.Status.ToCode()}: {execution.ExitStatus}");
                }
            }

            var frameworkRate = launches / clock.Elapsed.TotalSeconds;
            var frameworkCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / launches;
            var frameworkWorkItems = (double)(ThreadPool.CompletedWorkItemCount - workItems) / launches;
            var frameworkRoundTrips = (double)(counter.RoundTrips - roundTrips) / launches;
            await using var connection = await Databases.OpenAsync(Backend.Postgres, connectionString);
            workItems = ThreadPool.CompletedWorkItemCount;
            cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var baselineRate = launches / (await Measure.TimeAsync(() => HandWrittenLaunchesAsync(connection, launches, cancellationToken))).TotalSeconds;
            var baselineWorkItems = (double)(ThreadPool.CompletedWorkItemCount - workItems) / launches;
            var baselineCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / launches;

            var failing = new JobBuilder("failing")
                .Start(new StepBuilder("boom").Tasklet((_, _) => throw new InvalidOperationException("fails every time")).Build())
                .Build();
            var restarts = new List<int>();
            for (var attempt = 1; attempt <= 12; attempt++)
            {
                var before = counter!.Statements;
                var execution = await launcher.RunAsync(failing, JobParameters.Parse("day:date=2026-11-22"), cancellationToken);
                restarts.Add(counter.Statements - before);
                if (execution.Status != BatchStatus.Failed)
                {
                    throw new InvalidOperationException($"The failing job ended {execution.Status.ToCode()}.");
                }
            }

            return
            [
                WorkloadResult.Info($"launches: {launches:N0} tiny jobs one after another, PostgreSQL", "launches/s", frameworkRate, baselineRate,
                    "reported (higher is better; baseline writes the same rows by hand)", null,
                    string.Create(CultureInfo.InvariantCulture, $"{1000 / frameworkRate:0.00} ms per launch vs {1000 / baselineRate:0.00} ms by hand")),
                WorkloadResult.Info("launches: client CPU per tiny job run, against the same rows by hand", "ms CPU", frameworkCpu, baselineCpu,
                    "reported (lower is better; this process's user + system time, which a slow disk does not inflate)", null,
                    string.Create(CultureInfo.InvariantCulture, $"{frameworkCpu:0.000} ms per launch vs {baselineCpu:0.000} ms by hand")),
                WorkloadResult.Info("launches: thread-pool work items per tiny job run, against the same rows by hand", "work items", frameworkWorkItems, baselineWorkItems,
                    "reported (lower is better; CPU spent around short awaits)", null,
                    string.Create(CultureInfo.InvariantCulture,
                        $"{frameworkWorkItems:0.0} per launch vs {baselineWorkItems:0.0} by hand; {frameworkRoundTrips:0.0} round trips counted per launch (BEGIN and COMMIT not counted) vs 5 by hand")),
                WorkloadResult.Info("launches: repository statements per tiny job run (launch, one step, end), last vs first", "statements", statements[^1], statements[0],
                    "equal: does not grow with history", statements[^1] == statements[0],
                    $"first {statements[0]}, last {statements[^1]}, min {statements.Min()}, max {statements.Max()} over {launches:N0} launches"),
                WorkloadResult.Info("launches: repository statements of the 12th restart of a failing instance vs the 2nd", "statements", restarts[^1], restarts[1],
                    "equal: does not grow with history", restarts[^1] == restarts[1],
                    $"first launch {restarts[0]}, restarts 2–12: {string.Join(", ", restarts.Skip(1))}"),
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

    /// <summary>The rows of a launch written by hand, one autocommitted statement each: instance, execution, step, step end, job end.</summary>
    private static async Task HandWrittenLaunchesAsync(DbConnection connection, int launches, CancellationToken cancellationToken)
    {
        await using (var create = connection.CreateCommand())
        {
            create.CommandText =
                "CREATE TABLE IF NOT EXISTS HAND_INSTANCE (ID BIGSERIAL PRIMARY KEY, NAME TEXT, KEY TEXT);" +
                "CREATE TABLE IF NOT EXISTS HAND_EXECUTION (ID BIGSERIAL PRIMARY KEY, INSTANCE_ID BIGINT, STATUS TEXT, START_TIME TIMESTAMPTZ, END_TIME TIMESTAMPTZ);" +
                "CREATE TABLE IF NOT EXISTS HAND_STEP (ID BIGSERIAL PRIMARY KEY, EXECUTION_ID BIGINT, STATUS TEXT, END_TIME TIMESTAMPTZ)";
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        for (var i = 0; i < launches; i++)
        {
            var instance = await ScalarAsync(connection, "INSERT INTO HAND_INSTANCE (NAME, KEY) VALUES ('tiny', @v) RETURNING ID", i.ToString(CultureInfo.InvariantCulture), cancellationToken);
            var execution = await ScalarAsync(connection, "INSERT INTO HAND_EXECUTION (INSTANCE_ID, STATUS, START_TIME) VALUES (@v, 'STARTED', now()) RETURNING ID", instance, cancellationToken);
            var step = await ScalarAsync(connection, "INSERT INTO HAND_STEP (EXECUTION_ID, STATUS) VALUES (@v, 'STARTED') RETURNING ID", execution, cancellationToken);
            await ScalarAsync(connection, "UPDATE HAND_STEP SET STATUS = 'COMPLETED', END_TIME = now() WHERE ID = @v RETURNING ID", step, cancellationToken);
            await ScalarAsync(connection, "UPDATE HAND_EXECUTION SET STATUS = 'COMPLETED', END_TIME = now() WHERE ID = @v RETURNING ID", execution, cancellationToken);
        }
    }

    private static async Task<object> ScalarAsync(DbConnection connection, string sql, object value, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@v";
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return (await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
