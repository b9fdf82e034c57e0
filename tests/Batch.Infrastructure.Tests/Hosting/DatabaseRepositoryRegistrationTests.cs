using Batch.Hosting;
using Batch.Repository;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Batch.Infrastructure.Tests.Hosting;

public sealed class DatabaseRepositoryRegistrationTests
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"batch-registration-{Guid.NewGuid():N}.db");

    [TearDown]
    public void DeleteFiles()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task UseSqlite_registers_a_SQLite_repository_that_serves_as_the_explorer_and_whose_reads_create_no_file()
    {
        await using var provider = new ServiceCollection().AddBatch(b => b.UseSqlite(_path)).BuildServiceProvider();

        var repository = provider.GetRequiredService<IJobRepository>();

        repository.Should().BeOfType<RelationalJobRepository>().Which.DatabaseName.Should().Be("SQLite");
        provider.GetRequiredService<IJobExplorer>().Should().BeSameAs(repository);
        (await repository.GetJobNamesAsync(CancellationToken.None)).Should().BeEmpty();
        File.Exists(_path).Should().BeFalse("a read finds no repository yet and creates none; the first launch creates it");
    }

    [TestCase("Sqlite", "SQLite")]
    [TestCase("sqlite", "SQLite")]
    public async Task A_configured_provider_chooses_the_repository(string providerName, string database)
    {
        var section = Section(("Provider", providerName), ("ConnectionString", _path));
        await using var provider = new ServiceCollection().AddBatch(b => b.UseConfiguredRepository(section)).BuildServiceProvider();

        provider.GetRequiredService<IJobRepository>().Should().BeOfType<RelationalJobRepository>().Which.DatabaseName.Should().Be(database);
    }

    [Test]
    public async Task A_configured_InMemory_provider_needs_no_connection_string()
    {
        await using var provider = new ServiceCollection().AddBatch(b => b.UseConfiguredRepository(Section(("Provider", "InMemory")))).BuildServiceProvider();

        provider.GetRequiredService<IJobRepository>().Should().BeOfType<InMemoryJobRepository>();
    }

    [Test]
    public void A_configured_Postgres_provider_with_CreateSchema_builds_a_PostgreSQL_repository()
    {
        var section = Section(("Provider", "Postgres"), ("ConnectionString", "Host=127.0.0.1;Database=none"), ("CreateSchema", "true"));
        using var provider = new ServiceCollection().AddBatch(b => b.UseConfiguredRepository(section)).BuildServiceProvider();

        provider.GetRequiredService<IJobRepository>().Should().BeOfType<RelationalJobRepository>().Which.DatabaseName.Should().Be("PostgreSQL");
    }

    [TestCase(null, null, null, "*'Batch:Repository:Provider'*Sqlite, Postgres or InMemory*")]
    [TestCase("Oracle", "x", null, "*'Oracle'*Sqlite, Postgres or InMemory*")]
    [TestCase("Sqlite", null, null, "*'Batch:Repository:ConnectionString' is missing*batch.db*")]
    [TestCase("Sqlite", "batch.db", "maybe", "*'Batch:Repository:CreateSchema' is 'maybe'*true or false*")]
    [TestCase("Sqlite", "Data Sorce=batch.db", null, "'Batch:Repository:ConnectionString' cannot be read: *'data sorce'*")]
    [TestCase("Postgres", "Host=db;Tmeout=3", null, "'Batch:Repository:ConnectionString' cannot be read: *tmeout*")]
    public async Task A_wrong_configuration_fails_the_start_with_a_message_naming_the_key_not_the_registration(
        string? providerName, string? connectionString, string? createSchema, string message)
    {
        var root = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Batch:Repository:Provider"] = providerName,
            ["Batch:Repository:ConnectionString"] = connectionString,
            ["Batch:Repository:CreateSchema"] = createSchema,
        }).Build();

        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new Microsoft.Extensions.Hosting.HostApplicationBuilderSettings());
        builder.Services.AddBatch(b => b.UseConfiguredRepository(root.GetSection("Batch:Repository"))); // registering does not throw: the command line must get to run
        using var host = builder.Build();

        var start = () => host.StartAsync();
        var repository = () => host.Services.GetRequiredService<IJobRepository>();

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().ContainSingle().Which.Should().Match(message);
        repository.Should().Throw<OptionsValidationException>().Which.Failures.Should().ContainSingle().Which.Should().Match(message);
    }

    [Test]
    public void An_in_memory_SQLite_database_is_refused_with_a_message_saying_to_use_a_file()
    {
        var create = () => RelationalJobRepository.CreateSqlite("Data Source=:memory:");

        create.Should().Throw<ArgumentException>().WithMessage("*needs a database file*");
    }

    private static IConfiguration Section(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value)).Build();
}
