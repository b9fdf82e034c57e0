using Batch.Infrastructure.Tests.Support;
using Batch.Repository;

namespace Batch.Infrastructure.Tests.Repository;

/// <summary>
/// The costs the design promises, counted on the wire by a wrapping data source: at most two statements
/// per chunk commit (one when the context did not change), and a launch whose statements do not grow
/// with the number of earlier executions.
/// </summary>
[TestFixture(typeof(SqliteBackend))]
[TestFixture(typeof(PostgresBackend))]
public sealed class RepositoryStatementBudgetTests<TBackend>
    where TBackend : RepositoryBackend, new()
{
    private TBackend _backend = null!;
    private CountingDataSource _counter = null!;
    private IJobRepository _repository = null!;
    private (int Statements, int RoundTrips) _lastLaunch;

    [SetUp]
    public async Task SetUpAsync()
    {
        _backend = new TBackend();
        // PostgreSQL's repository has two pools (its own statements', the chunks'): both count into one total.
        _repository = await _backend.OpenWrappedAsync(inner => _counter is null ? _counter = new CountingDataSource(inner) : _counter.Beside(inner));
        // The first command that writes prepares the database (checks for the schema, creates it): once per process, not counted below.
        await ((RelationalJobRepository)_repository).CreateSchemaAsync(CancellationToken.None);
    }

    [TearDown]
    public async Task TearDownAsync() => await _backend.DisposeAsync();

    [Test]
    public async Task A_chunk_commit_costs_one_statement_and_one_round_trip_when_the_context_did_not_change()
    {
        var step = await StartStepAsync();
        await using var chunk = await _repository.BeginChunkAsync(step, CancellationToken.None);
        step.Count(commit: step.CommitCount + 1);

        var (statements, roundTrips) = await CountAsync(() => chunk.CommitAsync(CancellationToken.None));

        (statements, roundTrips).Should().Be((1, 1));
    }

    [Test]
    public async Task A_chunk_commit_costs_two_statements_when_the_context_changed_in_one_round_trip_on_PostgreSQL()
    {
        var step = await StartStepAsync();
        await using var chunk = await _repository.BeginChunkAsync(step, CancellationToken.None);
        step.Count(commit: step.CommitCount + 1);
        step.ExecutionContext.Put("reader.position", 10L);

        var (statements, roundTrips) = await CountAsync(() => chunk.CommitAsync(CancellationToken.None));

        statements.Should().Be(2);
        roundTrips.Should().Be(_backend is PostgresBackend ? 1 : 2);
    }

    [Test]
    public async Task A_chunk_in_a_session_costs_the_same_statements_and_round_trips_as_a_lone_chunk()
    {
        var step = await StartStepAsync();
        await using var session = await _repository.OpenChunkSessionAsync(step, CancellationToken.None);
        var costs = new List<(int Statements, int RoundTrips)>();
        for (var n = 1; n <= 3; n++)
        {
            await using var chunk = await session.BeginChunkAsync(CancellationToken.None);
            step.Count(commit: step.CommitCount + 1);
            step.ExecutionContext.Put("reader.position", n * 10L);
            costs.Add(await CountAsync(() => chunk.CommitAsync(CancellationToken.None)));
        }

        costs.Should().AllBeEquivalentTo((2, _backend is PostgresBackend ? 1 : 2));
    }

    [Test]
    public async Task A_chunk_in_a_session_on_PostgreSQL_sends_its_COMMIT_in_the_checkpoints_round_trip()
    {
        var step = await StartStepAsync();
        await using var session = await _repository.OpenChunkSessionAsync(step, CancellationToken.None);
        for (var n = 1; n <= 2; n++)
        {
            await using var chunk = await session.BeginChunkAsync(CancellationToken.None);
            step.Count(commit: step.CommitCount + 1);
            step.ExecutionContext.Put("reader.position", n * 10L);
            var before = _counter.Texts.Count;

            var (_, roundTrips) = await CountAsync(() => chunk.CommitAsync(CancellationToken.None));

            var sent = _counter.Texts.Skip(before).ToList();
            roundTrips.Should().Be(_backend is PostgresBackend ? 1 : 2);
            if (_backend is PostgresBackend)
            {
                sent.Should().HaveCount(3).And.HaveElementAt(2, "COMMIT", "the checkpoint, the context and the COMMIT go in one batch");
            }
            else
            {
                sent.Should().NotContain("COMMIT", "SQLite commits through its transaction, no round trip to save");
            }
        }

        var stored = (await _repository.GetJobExecutionAsync(step.JobExecution.Id, CancellationToken.None))!.StepExecutions.Single();
        (stored.CommitCount, stored.ExecutionContext.GetLong("reader.position")).Should().Be((2L, 20L), "both chunks committed with their checkpoints");
    }

    [Test]
    public async Task A_session_on_PostgreSQL_prepares_its_checkpoint_statements_once_for_the_whole_step()
    {
        if (_backend is not PostgresBackend)
        {
            (await PreparedStatementsAsync(null)).Should().Be(0, "SQLite keeps compiled statements in the command object; nothing is prepared on the server");
            return;
        }

        var step = await StartStepAsync();
        await using var session = await _repository.OpenChunkSessionAsync(step, CancellationToken.None);
        var prepared = new List<long>();
        for (var n = 1; n <= 3; n++)
        {
            await using var chunk = await session.BeginChunkAsync(CancellationToken.None);
            step.Count(commit: step.CommitCount + 1);
            step.ExecutionContext.Put("reader.position", n * 10L);
            await chunk.CommitAsync(CancellationToken.None);
            prepared.Add(await PreparedStatementsAsync(chunk.Connection));
        }

        prepared.Should().Equal([2, 2, 2], "the UPDATE and the context upsert are prepared at the first chunk and reused after");
    }

    [Test]
    public async Task A_launch_costs_the_same_statements_after_one_and_after_ten_earlier_executions()
    {
        var firstLaunch = await CountAsync(() => LaunchAsync(1));
        for (var i = 0; i < 10; i++)
        {
            await LaunchAsync(10);
        }

        var afterOne = await CountAsync(() => LaunchAsync(1));
        var afterTen = await CountAsync(() => LaunchAsync(10));

        afterTen.Should().Be(afterOne);
        afterOne.Should().Be(
            _backend is PostgresBackend ? (4, 4) : (3, 3),
            "a restart reads once (instance and the facts about its executions) and inserts the execution and its parameters (an empty context has no row); " +
            "on PostgreSQL after the new-instance statement found the instance and inserted nothing");
        firstLaunch.Should().Be(
            _backend is PostgresBackend ? (1, 1) : (4, 4),
            "a first launch on PostgreSQL is one statement (the instance, execution and parameters); on SQLite the read and the three inserts");
        TestContext.Out.WriteLine($"(statements, round trips): first launch {firstLaunch}; restart after 1 execution {afterOne}; after 10 {afterTen}");
    }

    [Test]
    public async Task A_step_history_read_costs_two_statements_after_one_and_after_ten_earlier_executions_and_one_without_history()
    {
        var day = new JobParametersBuilder().AddLong("day", 1).Build();
        JobInstance? instance = null;
        var costs = new List<(int Statements, int RoundTrips)>();
        for (var run = 1; run <= 10; run++)
        {
            var execution = await _repository.CreateJobExecutionAsync(new JobLaunchRequest("history", day), CancellationToken.None);
            instance = execution.JobInstance;
            var step = execution.CreateStepExecution("step");
            await _repository.AddStepExecutionAsync(step, CancellationToken.None);
            costs.Add(await CountAsync(async ValueTask () => await _repository.GetStepHistoryAsync(execution.JobInstance, "step", CancellationToken.None)));
            execution.Status = BatchStatus.Failed;
            execution.EndTime = DateTimeOffset.UtcNow;
            await _repository.UpdateJobExecutionAsync(execution, CancellationToken.None);
        }

        var none = await CountAsync(async ValueTask () => await _repository.GetStepHistoryAsync(instance!, "another step", CancellationToken.None));
        var history = await _repository.GetStepHistoryAsync(instance!, "step", CancellationToken.None);

        costs.Should().AllBeEquivalentTo((2, 2), "the history and the parameters of its job execution, whatever the number of earlier executions");
        none.Should().Be((1, 1));
        history.StartCount.Should().Be(10);
    }

    [Test]
    public async Task A_tiny_job_run_launch_one_step_and_end_costs_at_most_eight_statements_whatever_the_history()
    {
        var launcher = new Batch.Launch.JobLauncher(_repository);
        var tiny = new Batch.Jobs.JobBuilder("tiny")
            .Start(new Batch.Steps.StepBuilder("noop").Tasklet((_, _) => ValueTask.FromResult(Batch.Steps.RepeatStatus.Finished)).Build())
            .Build();
        var costs = new List<int>();
        List<string> texts = [];
        for (var run = 1; run <= 12; run++)
        {
            var skip = _counter.Texts.Count;
            var before = _counter.Statements;
            var execution = await launcher.RunAsync(tiny, new JobParametersBuilder().AddLong("run", run).Build(), CancellationToken.None);
            execution.Status.Should().Be(BatchStatus.Completed);
            costs.Add(_counter.Statements - before);
            texts = [.. _counter.Texts.Skip(skip)];
        }

        TestContext.Out.WriteLine($"statements per run: {string.Join(", ", costs)}; the last run's:");
        foreach (var text in texts)
        {
            TestContext.Out.WriteLine("  " + text.ReplaceLineEndings(" "));
        }

        costs.Should().AllBeEquivalentTo(costs[0], "the cost does not grow with the number of earlier executions");
        costs[0].Should().Be(_backend is PostgresBackend ? 4 : 7, "launch (on PostgreSQL one statement; on SQLite the read and three inserts), the step row, its one call committed with the step's end, the job's end");
    }

    /// <summary>Launches instance day=<paramref name="day"/>, then fails the execution (outside what is counted) so the next launch restarts it.</summary>
    private async Task LaunchAsync(long day)
    {
        var parameters = new JobParametersBuilder().AddLong("day", day).Build();
        var (statements, roundTrips) = (_counter.Statements, _counter.RoundTrips);
        var execution = await _repository.CreateJobExecutionAsync(new JobLaunchRequest("job", parameters), CancellationToken.None);
        var launch = (_counter.Statements - statements, _counter.RoundTrips - roundTrips);
        execution.Status = BatchStatus.Failed;
        execution.EndTime = DateTimeOffset.UtcNow;
        await _repository.UpdateJobExecutionAsync(execution, CancellationToken.None);
        _lastLaunch = launch;
    }

    private async Task<StepExecution> StartStepAsync()
    {
        var execution = await _repository.CreateJobExecutionAsync(new JobLaunchRequest("job", JobParameters.Empty), CancellationToken.None);
        var step = execution.CreateStepExecution("step");
        await _repository.AddStepExecutionAsync(step, CancellationToken.None);
        return step;
    }

    private async Task<(int Statements, int RoundTrips)> CountAsync(Func<Task> launch)
    {
        await launch();
        return _lastLaunch;
    }

    private async Task<(int Statements, int RoundTrips)> CountAsync(Func<ValueTask> action)
    {
        var (statements, roundTrips) = (_counter.Statements, _counter.RoundTrips);
        await action();
        return (_counter.Statements - statements, _counter.RoundTrips - roundTrips);
    }

    /// <summary>The checkpoint statements prepared on the server for this connection (PostgreSQL), or 0 without one.</summary>
    private static async Task<long> PreparedStatementsAsync(System.Data.Common.DbConnection? connection)
    {
        if (connection is null)
        {
            return 0;
        }

        await using var command = connection.CreateCommand();
        // The checkpoint's statements only (the launch keeps its own read and insert prepared on whatever connection ran them).
        command.CommandText =
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE 'UPDATE BATCH_STEP_EXECUTION%' OR statement LIKE 'INSERT INTO BATCH_STEP_EXECUTION_CONTEXT%'" +
            " OR statement LIKE 'WITH updated AS (%UPDATE BATCH_STEP_EXECUTION%'";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
