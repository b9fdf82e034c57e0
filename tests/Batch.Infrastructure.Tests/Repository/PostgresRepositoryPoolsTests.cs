using System.Data.Common;
using Batch.Infrastructure.Repository;
using Batch.Infrastructure.Tests.Support;
using Batch.Jobs;
using Batch.Launch;
using Batch.Repository;
using Batch.Steps;

namespace Batch.Infrastructure.Tests.Repository;

/// <summary>
/// The PostgreSQL repository built from a connection string keeps two pools: its own statements' (No Reset On Close, so a launch
/// pays nothing for taking a connection five times) and the chunks' (reset as usual, because writers use those connections as they
/// like). These tests pin why that is safe: the repository's statements leave no session state behind, and what a writer leaves on a
/// chunk's connection reaches neither the repository's statements nor the next chunk.
/// </summary>
public sealed class PostgresRepositoryPoolsTests
{
    private const string Mark = "batch-test-leak";

    private PostgresBackend _backend = null!;
    private RelationalJobRepository _repository = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _backend = new PostgresBackend();
        _repository = (RelationalJobRepository)await _backend.OpenAsync();
    }

    [TearDown]
    public async Task TearDownAsync() => await _backend.DisposeAsync();

    [Test]
    public async Task The_repository_own_statements_leave_no_session_state_on_the_connections_of_their_pool()
    {
        _repository.OwnStatementsPool.Should().NotBeSameAs(_repository.DataSource, "a repository built from a connection string keeps a pool of its own");
        var launcher = new JobLauncher(_repository);
        var tiny = new JobBuilder("tiny").Start(new StepBuilder("noop").Tasklet((_, _) => ValueTask.FromResult(RepeatStatus.Finished)).Build()).Build();
        var failing = new JobBuilder("failing")
            .Start(new StepBuilder("boom").Tasklet((_, _) => throw new InvalidOperationException("fails every time")).Build())
            .Build();
        var day = JobParameters.Parse("day:date=2026-11-22");
        for (var run = 1; run <= 3; run++)
        {
            (await launcher.RunAsync(tiny, new JobParametersBuilder().AddLong("run", run).Build(), CancellationToken.None)).Status.Should().Be(BatchStatus.Completed);
            (await launcher.RunAsync(failing, day, CancellationToken.None)).Status.Should().Be(BatchStatus.Failed); // first launch, then restarts
        }

        // A refused launch (the instance completed) and its explanation, a heartbeat, the step history and housekeeping.
        var refused = async () => await launcher.RunAsync(tiny, new JobParametersBuilder().AddLong("run", 1).Build(), CancellationToken.None);
        await refused.Should().ThrowAsync<JobInstanceAlreadyCompleteException>();
        var last = (await _repository.GetLastJobExecutionAsync((await _repository.GetJobInstanceAsync("failing", day, CancellationToken.None))!, CancellationToken.None))!;
        await _repository.TouchJobExecutionAsync(last, DateTimeOffset.UtcNow, CancellationToken.None);
        await _repository.GetStepHistoryAsync(last.JobInstance, "boom", CancellationToken.None);
        await _repository.DeleteJobInstancesEndedBeforeAsync(DateTimeOffset.UtcNow.AddDays(1), includeRestartable: false, CancellationToken.None);

        var fresh = await SessionStateAsync(await OpenFreshAsync());
        var pooled = await SessionStatesOfThePoolAsync(_repository.OwnStatementsPool);

        pooled.Should().Contain(state => state.PreparedStatements > 0, "the pool kept the connections the repository used, with their prepared statements");
        pooled.Select(state => state with { PreparedStatements = 0 }).Should().AllBeEquivalentTo(fresh with { PreparedStatements = 0 },
            "no repository statement leaves a setting, a temporary table, a LISTEN, an advisory lock or an open transaction behind");
    }

    [Test]
    public async Task What_a_writer_leaves_on_a_chunk_connection_reaches_neither_the_repository_statements_nor_the_next_chunk()
    {
        var launcher = new JobLauncher(_repository);
        var leaving = new JobBuilder("leaving").Start(new StepBuilder("leave").Tasklet(async (call, ct) =>
        {
            await using var command = call.Transaction.Connection!.CreateCommand();
            command.CommandText = $"SET application_name = '{Mark}'; CREATE TEMP TABLE scratch (x int)";
            await command.ExecuteNonQueryAsync(ct);
            return RepeatStatus.Finished;
        }).Build()).Build();
        (await launcher.RunAsync(leaving, JobParameters.Empty, CancellationToken.None)).Status.Should().Be(BatchStatus.Completed);

        SessionState? seen = null;
        var looking = new JobBuilder("looking").Start(new StepBuilder("look").Tasklet(async (call, ct) =>
        {
            seen = await SessionStateAsync(call.Transaction.Connection!, ct);
            return RepeatStatus.Finished;
        }).Build()).Build();
        (await launcher.RunAsync(looking, JobParameters.Empty, CancellationToken.None)).Status.Should().Be(BatchStatus.Completed);

        seen.Should().NotBeNull();
        seen!.Settings.Should().NotContain(Mark, "the next chunk's connection was reset: the writer's setting is gone");
        seen.TemporaryTables.Should().Be(0, "the writer's temporary table is gone");
        (await SessionStatesOfThePoolAsync(_repository.OwnStatementsPool)).Should().AllSatisfy(state =>
        {
            state.Settings.Should().NotContain(Mark);
            state.TemporaryTables.Should().Be(0);
        });
    }

    [Test]
    public async Task A_tiny_launch_finds_its_statements_prepared_on_the_pool_and_prepares_no_more_as_launches_go_on()
    {
        var launcher = new JobLauncher(_repository);
        var tiny = new JobBuilder("tiny").Start(new StepBuilder("noop").Tasklet((_, _) => ValueTask.FromResult(RepeatStatus.Finished)).Build()).Build();
        var prepared = new List<IReadOnlyList<string>>();
        for (var run = 1; run <= 6; run++)
        {
            (await launcher.RunAsync(tiny, new JobParametersBuilder().AddLong("run", run).Build(), CancellationToken.None)).Status.Should().Be(BatchStatus.Completed);
            prepared.Add(await PreparedOnThePoolAsync(_repository.OwnStatementsPool));
        }

        foreach (var start in new[] { "WITH i AS", "INSERT INTO BATCH_STEP_EXECUTION ", "UPDATE BATCH_JOB_EXECUTION SET START_TIME" })
        {
            prepared[^1].Should().ContainSingle(text => text.StartsWith(start, StringComparison.Ordinal),
                "the launch's insert, the step's insert and the job's end are prepared on the connection they run on");
        }

        prepared[^1].Should().NotContain(text => text.StartsWith("SELECT x.JOB_INSTANCE_ID", StringComparison.Ordinal),
            "a new instance is launched by its insert alone; the launch's read runs only for an instance that exists");

        prepared[^1].Should().Equal(prepared[1], "later launches reuse what the earlier ones prepared");
    }

    /// <summary>
    /// The statements prepared on the pool's connection, with their whitespace collapsed. One launch after another uses one
    /// connection of the pool (the heartbeat's first beat is far off), which this takes alone, so it is that one.
    /// </summary>
    private static async Task<IReadOnlyList<string>> PreparedOnThePoolAsync(DbDataSource pool)
    {
        await using var connection = await pool.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT regexp_replace(statement, '\\s+', ' ', 'g') FROM pg_prepared_statements ORDER BY 1";
        await using var reader = await command.ExecuteReaderAsync();
        var statements = new List<string>();
        while (await reader.ReadAsync())
        {
            statements.Add(reader.GetString(0).Trim());
        }

        return statements;
    }

    /// <summary>A new connection (no pool) to the test's database: what a clean session looks like.</summary>
    private async Task<DbConnection> OpenFreshAsync()
    {
        var connection = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(await _backend.EnsureDatabaseAsync()) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>
    /// The state of every connection the pool holds idle: more connections are taken at once than the sequential test could have
    /// left in it, so each idle one is among them.
    /// </summary>
    private static async Task<IReadOnlyList<SessionState>> SessionStatesOfThePoolAsync(DbDataSource pool)
    {
        var connections = new List<DbConnection>();
        try
        {
            for (var i = 0; i < 6; i++)
            {
                connections.Add(await pool.OpenConnectionAsync());
            }

            var states = new List<SessionState>();
            foreach (var connection in connections)
            {
                states.Add(await SessionStateAsync(connection));
            }

            return states;
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static async Task<SessionState> SessionStateAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT
                (SELECT coalesce(string_agg(name || '=' || setting, ', ' ORDER BY name), '') FROM pg_settings WHERE source IN ('session', 'client')),
                (SELECT count(*) FROM pg_class WHERE relnamespace = pg_my_temp_schema()),
                (SELECT count(*) FROM pg_listening_channels()),
                (SELECT count(*) FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'advisory'),
                (SELECT count(*) FROM pg_prepared_statements),
                now() <> statement_timestamp()
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new SessionState(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetBoolean(5));
    }

    /// <summary>What a session carries from one use to the next.</summary>
    private sealed record SessionState(string Settings, long TemporaryTables, long Listening, long AdvisoryLocks, long PreparedStatements, bool InTransaction);
}
