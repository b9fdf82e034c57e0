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
        var repetitions = Math.Max(1, settings.Repetitions);
        var block = Math.Max(1, launches / repetitions);
        var (counted, counter, connectionString) = await databases.RepositoryAsync(Backend.Postgres, "launches");
        var (repository, _) = Databases.Open(Backend.Postgres, connectionString, counted: false);
        try
        {
            // Timed on a repository without the statement counter (it costs a little per statement), against the same
            // rows by hand on one connection; both warmed up first and then run in alternating blocks, so the JIT's
            // tiering of Npgsql (shared by both) is not paid by whichever runs first.
            var launcher = new JobLauncher(repository);
            var tiny = new JobBuilder("tiny").Start(new StepBuilder("noop").Tasklet((_, _) => ValueTask.FromResult(RepeatStatus.Finished)).Build()).Build();
            var run = 0L;
            async Task FrameworkBlock()
            {
                for (var i = 0; i < block; i++)
                {
                    var execution = await launcher.RunAsync(tiny, new JobParametersBuilder().AddLong("run", ++run).Build(), cancellationToken);
                    if (execution.Status != BatchStatus.Completed)
                    {
                        throw new InvalidOperationException($"A tiny job ended {execution.Status.ToCode()}: {execution.ExitStatus}");
                    }
                }
            }

            await using var connection = await Databases.OpenAsync(Backend.Postgres, connectionString);
            await CreateHandTablesAsync(connection, cancellationToken);
            var handRun = 0;
            async Task HandBlock()
            {
                for (var i = 0; i < block; i++)
                {
                    await HandWrittenLaunchAsync(connection, ++handRun, cancellationToken);
                }
            }

            var warmUp = Stopwatch.StartNew();
            for (var round = 0; round == 0 || (warmUp.Elapsed < Measure.WarmUpTime && round < 3); round++)
            {
                await HandBlock();
                await FrameworkBlock();
            }

            var framework = new List<BlockCost>();
            var hand = new List<BlockCost>();
            for (var repetition = 0; repetition < repetitions; repetition++)
            {
                hand.Add(await BlockCost.MeasureAsync(HandBlock, block));
                framework.Add(await BlockCost.MeasureAsync(FrameworkBlock, block));
            }

            // Statements and round trips, on the counted repository (the same database and tables).
            var countedLauncher = new JobLauncher(counted);
            await countedLauncher.RunAsync(tiny, new JobParametersBuilder().AddLong("run", ++run).Build(), cancellationToken); // its schema check and first statements
            var statements = new List<int>();
            var roundTrips = counter!.RoundTrips;
            var countedLaunches = Math.Min(launches, 200);
            for (var i = 0; i < countedLaunches; i++)
            {
                var before = counter.Statements;
                var execution = await countedLauncher.RunAsync(tiny, new JobParametersBuilder().AddLong("run", ++run).Build(), cancellationToken);
                statements.Add(counter.Statements - before);
                if (execution.Status != BatchStatus.Completed)
                {
                    throw new InvalidOperationException($"A tiny job ended {execution.Status.ToCode()}: {execution.ExitStatus}");
                }
            }

            var frameworkRoundTrips = (double)(counter.RoundTrips - roundTrips) / countedLaunches;

            var failing = new JobBuilder("failing")
                .Start(new StepBuilder("boom").Tasklet((_, _) => throw new InvalidOperationException("fails every time")).Build())
                .Build();
            var restarts = new List<int>();
            for (var attempt = 1; attempt <= 12; attempt++)
            {
                var before = counter.Statements;
                var execution = await countedLauncher.RunAsync(failing, JobParameters.Parse("day:date=2026-11-22"), cancellationToken);
                restarts.Add(counter.Statements - before);
                if (execution.Status != BatchStatus.Failed)
                {
                    throw new InvalidOperationException($"The failing job ended {execution.Status.ToCode()}.");
                }
            }

            var frameworkMs = Measure.Median(framework.Select(c => c.WallMs));
            var handMs = Measure.Median(hand.Select(c => c.WallMs));
            var frameworkCpu = Measure.Median(framework.Select(c => c.CpuMs));
            var handCpu = Measure.Median(hand.Select(c => c.CpuMs));
            var frameworkWorkItems = Measure.Median(framework.Select(c => c.WorkItems));
            var handWorkItems = Measure.Median(hand.Select(c => c.WorkItems));
            var timed = block * repetitions;
            return
            [
                WorkloadResult.LowerIsBetter($"launches: {timed:N0} tiny jobs one after another, PostgreSQL, time per launch", "ms",
                    frameworkMs, handMs, 1.6,
                    string.Create(CultureInfo.InvariantCulture,
                        $"{1000 / frameworkMs:0} launches/s vs {1000 / handMs:0} by hand (the same rows: instance, execution, step, step end, job end); " +
                        $"median of {repetitions} alternating blocks of {block} after a warm-up")),
                WorkloadResult.Info("launches: client CPU per tiny job run, against the same rows by hand", "ms CPU", frameworkCpu, handCpu,
                    "reported (lower is better; this process's user + system time, which a slow disk does not inflate)", null,
                    string.Create(CultureInfo.InvariantCulture, $"{frameworkCpu:0.000} ms per launch vs {handCpu:0.000} ms by hand")),
                WorkloadResult.Info("launches: thread-pool work items per tiny job run, against the same rows by hand", "work items", frameworkWorkItems, handWorkItems,
                    "reported (lower is better; CPU spent around short awaits)", null,
                    string.Create(CultureInfo.InvariantCulture,
                        $"{frameworkWorkItems:0.0} per launch vs {handWorkItems:0.0} by hand; {frameworkRoundTrips:0.0} round trips counted per launch (BEGIN and COMMIT not counted) vs 5 by hand")),
                WorkloadResult.Info("launches: repository statements per tiny job run (launch, one step, end), last vs first", "statements", statements[^1], statements[0],
                    "<= 8 and equal: does not grow with history", statements[^1] == statements[0] && statements.Max() <= 8,
                    $"first {statements[0]}, last {statements[^1]}, min {statements.Min()}, max {statements.Max()} over {countedLaunches:N0} counted launches"),
                WorkloadResult.Info("launches: repository statements of the 12th restart of a failing instance vs the 2nd", "statements", restarts[^1], restarts[1],
                    "equal: does not grow with history", restarts[^1] == restarts[1],
                    $"first launch {restarts[0]}, restarts 2–12: {string.Join(", ", restarts.Skip(1))}"),
            ];
        }
        finally
        {
            foreach (var owned in new[] { repository, counted })
            {
                if (owned is IAsyncDisposable disposable)
                {
                    await disposable.DisposeAsync();
                }
            }
        }
    }

    private static async Task CreateHandTablesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var create = connection.CreateCommand();
        create.CommandText =
            "CREATE TABLE IF NOT EXISTS HAND_INSTANCE (ID BIGSERIAL PRIMARY KEY, NAME TEXT, KEY TEXT);" +
            "CREATE TABLE IF NOT EXISTS HAND_EXECUTION (ID BIGSERIAL PRIMARY KEY, INSTANCE_ID BIGINT, STATUS TEXT, START_TIME TIMESTAMPTZ, END_TIME TIMESTAMPTZ);" +
            "CREATE TABLE IF NOT EXISTS HAND_STEP (ID BIGSERIAL PRIMARY KEY, EXECUTION_ID BIGINT, STATUS TEXT, END_TIME TIMESTAMPTZ)";
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The rows of a launch written by hand, one autocommitted statement each: instance, execution, step, step end, job end.</summary>
    private static async Task HandWrittenLaunchAsync(DbConnection connection, int run, CancellationToken cancellationToken)
    {
        var instance = await ScalarAsync(connection, "INSERT INTO HAND_INSTANCE (NAME, KEY) VALUES ('tiny', @v) RETURNING ID", run.ToString(CultureInfo.InvariantCulture), cancellationToken);
        var execution = await ScalarAsync(connection, "INSERT INTO HAND_EXECUTION (INSTANCE_ID, STATUS, START_TIME) VALUES (@v, 'STARTED', now()) RETURNING ID", instance, cancellationToken);
        var step = await ScalarAsync(connection, "INSERT INTO HAND_STEP (EXECUTION_ID, STATUS) VALUES (@v, 'STARTED') RETURNING ID", execution, cancellationToken);
        await ScalarAsync(connection, "UPDATE HAND_STEP SET STATUS = 'COMPLETED', END_TIME = now() WHERE ID = @v RETURNING ID", step, cancellationToken);
        await ScalarAsync(connection, "UPDATE HAND_EXECUTION SET STATUS = 'COMPLETED', END_TIME = now() WHERE ID = @v RETURNING ID", execution, cancellationToken);
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
