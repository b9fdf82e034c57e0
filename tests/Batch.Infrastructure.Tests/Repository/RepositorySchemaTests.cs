using System.Globalization;
using Batch.Infrastructure.CrashHost;
using Batch.Infrastructure.Tests.Support;
using Batch.Jobs;
using Batch.Launch;
using Batch.Steps;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Batch.Infrastructure.Tests.Repository;

/// <summary>
/// Who creates the schema, and what takes SQLite's write lock: reads (show, list) create neither a file nor the tables and take
/// no write lock; the first command that writes creates a missing schema by default on SQLite and PostgreSQL alike; with
/// CreateSchema off, a missing schema is an error naming the table and how to create it.
/// </summary>
public sealed class RepositorySchemaTests
{
    private static readonly IJob Job = new JobBuilder("hello")
        .Start(new StepBuilder("once").Tasklet((_, _) => ValueTask.FromResult(RepeatStatus.Finished)).Build())
        .Build();

    private string _folder = null!;

    [SetUp]
    public void CreateFolder()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"batch-schema-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void DeleteFolder()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task Show_0_and_list_in_an_empty_folder_answer_and_create_no_database()
    {
        var provider = new Provider("sqlite", Path.Combine(_folder, "batch.db"));

        using (var show = CrashHostProcess.Start("cli", provider, "--", "show", "0"))
        {
            (await show.WaitAsync(TimeSpan.FromSeconds(90))).Should().Be(2, show.Output);
            show.Output.Should().Contain("There is no job execution with id 0");
        }

        using (var list = CrashHostProcess.Start("cli", provider, "--", "list"))
        {
            (await list.WaitAsync(TimeSpan.FromSeconds(90))).Should().Be(0, list.Output);
            list.Output.Should().Contain(CliMode.JobName);
        }

        Directory.EnumerateFileSystemEntries(_folder).Should().BeEmpty("a read-only command creates nothing");
    }

    [Test]
    public async Task A_command_whose_PostgreSQL_server_refuses_the_connection_fails_with_one_line_saying_it_is_the_job_repository_and_what_to_check()
    {
        var provider = new Provider("postgres", "Host=127.0.0.1;Port=1;Username=nobody;Database=none;Timeout=5");

        using var list = CrashHostProcess.Start("cli", provider, "--", "list");

        (await list.WaitAsync(TimeSpan.FromSeconds(90))).Should().Be(1, list.Output);
        list.Output.Should().Contain("failed: the job repository's database failed (NpgsqlException: Failed to connect to 127.0.0.1:1")
            .And.Contain("Check that its server is running and reachable from here");
    }

    [Test]
    public async Task The_explorer_of_an_existing_SQLite_file_without_tables_reads_it_as_empty_and_creates_no_table()
    {
        var path = Path.Combine(_folder, "batch.db");
        await CreateFileWithAnotherTableAsync(path);

        await using var repository = RelationalJobRepository.CreateSqlite(path);

        (await repository.GetJobExecutionAsync(1, CancellationToken.None)).Should().BeNull();
        (await repository.GetJobNamesAsync(CancellationToken.None)).Should().BeEmpty();
        (await repository.GetRunningJobExecutionsAsync("hello", CancellationToken.None)).Should().BeEmpty();
        (await TablesAsync(path)).Should().Equal("OTHER");
    }

    [Test]
    public async Task A_repository_with_no_history_yet_says_why_naming_its_file_or_its_missing_tables_and_one_that_has_says_nothing()
    {
        var missing = Path.Combine(_folder, "missing.db");
        await using (var absent = RelationalJobRepository.CreateSqlite(missing))
        {
            (await absent.DescribeAbsenceAsync(CancellationToken.None)).Should()
                .Be($"the job repository's SQLite file '{missing}' does not exist yet: nothing has run with this configuration");
        }

        File.Exists(missing).Should().BeFalse("asking creates nothing");
        var other = Path.Combine(_folder, "other.db");
        await CreateFileWithAnotherTableAsync(other);
        await using (var empty = RelationalJobRepository.CreateSqlite(other))
        {
            (await empty.DescribeAbsenceAsync(CancellationToken.None)).Should().Contain("has no Batch tables yet");
        }

        var used = Path.Combine(_folder, "used.db");
        await using var repository = RelationalJobRepository.CreateSqlite(used);
        await new JobLauncher(repository).RunAsync(Job, JobParameters.Empty, CancellationToken.None);
        (await repository.DescribeAbsenceAsync(CancellationToken.None)).Should().BeNull();
        await using var reader = RelationalJobRepository.CreateSqlite(used);
        (await reader.DescribeAbsenceAsync(CancellationToken.None)).Should().BeNull("another process's repository is there");
    }

    [Test]
    public async Task Reads_of_a_fresh_repository_succeed_while_another_connection_holds_the_SQLite_write_lock()
    {
        var path = Path.Combine(_folder, "batch.db");
        long executionId;
        await using (var first = RelationalJobRepository.CreateSqlite(path))
        {
            executionId = (await new JobLauncher(first).RunAsync(Job, JobParameters.Empty, CancellationToken.None)).Id;
        }

        await using var holder = new SqliteConnection("Data Source=" + path + ";Pooling=False");
        await holder.OpenAsync();
        await using var writeLock = holder.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: the file's one write lock
        await using var repository = RelationalJobRepository.CreateSqlite(path, new SqliteJobRepositoryOptions { BusyTimeout = TimeSpan.Zero });

        // A busy timeout of zero: anything that wanted the write lock would fail at once with "database is locked".
        (await repository.GetJobExecutionAsync(executionId, CancellationToken.None))!.Status.Should().Be(BatchStatus.Completed);
        (await repository.GetJobNamesAsync(CancellationToken.None)).Should().Equal("hello");
        var instance = (await repository.GetJobInstancesAsync("hello", 0, 5, CancellationToken.None)).Single();
        (await repository.GetJobExecutionsAsync(instance, CancellationToken.None)).Should().ContainSingle();
        (await repository.GetRunningJobExecutionsAsync("hello", CancellationToken.None)).Should().BeEmpty();
    }

    [TestCase("sqlite")]
    [TestCase("postgres")]
    public async Task With_CreateSchema_off_a_launch_on_a_database_without_the_tables_fails_naming_the_table_and_how_to_create_it(string database)
    {
        if (database == "sqlite")
        {
            await CreateFileWithAnotherTableAsync(Path.Combine(_folder, "batch.db"));
        }

        await using var services = await ServicesAsync(database, createSchema: false);

        var start = async () => await services.GetRequiredService<IJobOperator>().StartAsync("hello", JobParameters.Empty, CancellationToken.None);

        var script = database == "sqlite" ? "schema/sqlite/create.sql" : "schema/postgresql/create.sql";
        await start.Should().ThrowAsync<InvalidOperationException>()
            .WithMessage($"*no table BATCH_JOB_INSTANCE*{script}*CreateSchema = true*");
    }

    [Test]
    public async Task With_CreateSchema_off_a_launch_on_a_missing_SQLite_file_names_the_file_and_leaves_no_file_behind()
    {
        await using var services = await ServicesAsync("sqlite", createSchema: false);

        var start = async () => await services.GetRequiredService<IJobOperator>().StartAsync("hello", JobParameters.Empty, CancellationToken.None);

        await start.Should().ThrowAsync<InvalidOperationException>()
            .WithMessage($"*'{Path.Combine(_folder, "batch.db")}' does not exist*schema/sqlite/create.sql*CreateSchema = true*");
        Directory.EnumerateFileSystemEntries(_folder).Should().BeEmpty("a repository that may not create the schema creates no file either");
    }

    [TestCase("sqlite")]
    [TestCase("postgres")]
    public async Task By_default_the_first_launch_creates_the_schema_on_SQLite_and_PostgreSQL_alike(string database)
    {
        await using var services = await ServicesAsync(database, createSchema: null);

        var execution = await services.GetRequiredService<IJobOperator>().StartAsync("hello", JobParameters.Empty, CancellationToken.None);

        execution.Status.Should().Be(BatchStatus.Completed);
        (await services.GetRequiredService<IJobExplorer>().GetJobExecutionAsync(execution.Id, CancellationToken.None))!.Status
            .Should().Be(BatchStatus.Completed);
    }

    private async Task<ServiceProvider> ServicesAsync(string database, bool? createSchema)
    {
        var services = new ServiceCollection();
        if (database == "sqlite")
        {
            var path = Path.Combine(_folder, "batch.db");
            services.AddBatch(b => b.UseSqlite(path, o => o.CreateSchema = createSchema ?? o.CreateSchema).AddJob(Job));
        }
        else
        {
            var connectionString = await (await PostgresServer.GetAsync()).CreateDatabaseAsync(
                "schema" + (createSchema is null ? "default" : createSchema.Value.ToString(CultureInfo.InvariantCulture).ToLowerInvariant()));
            services.AddBatch(b => b.UsePostgres(connectionString, o => o.CreateSchema = createSchema ?? o.CreateSchema).AddJob(Job));
        }

        return services.BuildServiceProvider();
    }

    private static async Task CreateFileWithAnotherTableAsync(string path)
    {
        await using var connection = new SqliteConnection("Data Source=" + path);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE OTHER (X INTEGER)";
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<IReadOnlyList<string>> TablesAsync(string path)
    {
        await using var connection = new SqliteConnection("Data Source=" + path + ";Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
