using Batch.Hosting;
using Batch.Jobs;
using Batch.Launch;
using Batch.Steps;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Batch.Infrastructure.Tests.Hosting;

public sealed class PostgresDataSourceRegistrationTests
{
    private static readonly IJob Job = new JobBuilder("hello")
        .Start(new StepBuilder("once").Tasklet((_, _) => ValueTask.FromResult(RepeatStatus.Finished)).Build())
        .Build();

    [Test]
    public async Task UsePostgres_without_a_connection_string_runs_on_the_NpgsqlDataSource_registered_in_the_services_and_leaves_it_open()
    {
        await using var dataSource = NpgsqlDataSource.Create(await CreateDatabaseAsync());
        var services = new ServiceCollection().AddSingleton(dataSource);
        await using (var provider = services.AddBatch(batch => batch.UsePostgres(o => o.CreateSchema = true).AddJob(Job)).BuildServiceProvider())
        {
            provider.GetRequiredService<IJobRepository>().Should().BeOfType<RelationalJobRepository>().Which.DatabaseName.Should().Be("PostgreSQL");

            var execution = await provider.GetRequiredService<IJobOperator>().StartAsync("hello", JobParameters.Empty, CancellationToken.None);

            execution.Status.Should().Be(BatchStatus.Completed);
        }

        // the provider disposed the repository; the application's data source is still its own, and open
        (await CountExecutionsAsync(dataSource)).Should().Be(1);
    }

    [Test]
    public async Task UsePostgres_with_a_data_source_factory_uses_what_it_returns_and_disposing_the_repository_does_not_dispose_it()
    {
        await using var dataSource = NpgsqlDataSource.Create(await CreateDatabaseAsync());
        await using var provider = new ServiceCollection()
            .AddBatch(batch => batch.UsePostgres(_ => dataSource, o => o.CreateSchema = true).AddJob(Job))
            .BuildServiceProvider();
        var repository = (RelationalJobRepository)provider.GetRequiredService<IJobRepository>();
        await provider.GetRequiredService<IJobOperator>().StartAsync("hello", JobParameters.Empty, CancellationToken.None);

        await repository.DisposeAsync();

        (await CountExecutionsAsync(dataSource)).Should().Be(1);
    }

    [Test]
    public async Task UsePostgres_without_a_registered_data_source_fails_saying_how_to_register_one()
    {
        await using var provider = new ServiceCollection().AddBatch(batch => batch.UsePostgres()).BuildServiceProvider();

        var resolve = () => provider.GetRequiredService<IJobRepository>();

        resolve.Should().Throw<InvalidOperationException>()
            .WithMessage("*none is registered*services.AddSingleton(NpgsqlDataSource.Create(connectionString))*or give UsePostgres a connection string*");
    }

    [Test]
    public void ConfigureDataSource_is_refused_with_an_already_built_data_source()
    {
        var register = () => new ServiceCollection().AddBatch(batch => batch.UsePostgres(o => o.ConfigureDataSource = _ => { }));

        register.Should().Throw<ArgumentException>().WithMessage("*ConfigureDataSource*already built*");
    }

    private static async Task<string> CreateDatabaseAsync() =>
        await (await PostgresServer.GetAsync()).CreateDatabaseAsync(TestContext.CurrentContext.Test.MethodName ?? "datasource");

    private static async Task<long> CountExecutionsAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM BATCH_JOB_EXECUTION");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
