using Batch.Core.Tests.Support;
using Batch.Hosting;
using Batch.Launch;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Batch.Core.Tests.Hosting;

public class BatchOptionsTests
{
    [Test]
    public async Task AddBatch_alone_gives_the_documented_defaults()
    {
        await using var services = new ServiceCollection().AddBatch().BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<BatchOptions>>().Value;

        options.RecoverStaleAfter.Should().Be(TimeSpan.FromMinutes(10)).And.Be(BatchOptions.DefaultRecoverStaleAfter);
        options.ListInstancesPerJob.Should().Be(5);
        options.StopUpdateAttempts.Should().Be(3);
        options.FinalStatusRetryFor.Should().Be(TimeSpan.FromMinutes(1)).And.Be(BatchOptions.DefaultFinalStatusRetryFor);
    }

    [Test]
    public async Task BindConfiguration_reads_the_settings_and_leaves_the_repository_section_alone()
    {
        var section = Configuration(
            ("Batch:RecoverStaleAfter", "00:30:00"), ("Batch:ListInstancesPerJob", "2"), ("Batch:StopUpdateAttempts", "7"),
            ("Batch:FinalStatusRetryFor", "00:00:20"), ("Batch:Repository:Provider", "Sqlite")).GetSection("Batch");
        await using var services = new ServiceCollection().AddBatch(batch => batch.BindConfiguration(section)).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<BatchOptions>>().Value;

        options.RecoverStaleAfter.Should().Be(TimeSpan.FromMinutes(30));
        options.ListInstancesPerJob.Should().Be(2);
        options.StopUpdateAttempts.Should().Be(7);
        options.FinalStatusRetryFor.Should().Be(TimeSpan.FromSeconds(20));
    }

    [Test]
    public async Task Configure_in_code_applies_after_the_configuration_it_follows()
    {
        var section = Configuration(("Batch:RecoverStaleAfter", "00:30:00")).GetSection("Batch");
        await using var services = new ServiceCollection()
            .AddBatch(batch => batch.BindConfiguration(section).Configure(o => o.RecoverStaleAfter = TimeSpan.FromMinutes(45)))
            .BuildServiceProvider();

        services.GetRequiredService<IOptions<BatchOptions>>().Value.RecoverStaleAfter.Should().Be(TimeSpan.FromMinutes(45));
    }

    [Test]
    public async Task Settings_that_cannot_be_read_or_are_unknown_fail_validation_with_a_message_naming_each_key()
    {
        var section = Configuration(
            ("Batch:RecoverStaleAfter", "soon"), ("Batch:ListInstancesPerJob", "many"), ("Batch:RecoverStaleAftr", "00:05:00")).GetSection("Batch");
        await using var services = new ServiceCollection().AddBatch(batch => batch.BindConfiguration(section)).BuildServiceProvider();

        var read = () => services.GetRequiredService<IOptions<BatchOptions>>().Value;

        var failures = read.Should().Throw<OptionsValidationException>().Which.Failures.ToList();
        failures.Should().HaveCount(3);
        failures.Should().ContainMatch("'Batch:RecoverStaleAfter' is 'soon', not a duration*'00:10:00'*");
        failures.Should().ContainMatch("'Batch:ListInstancesPerJob' is 'many', not a whole number*");
        failures.Should().ContainMatch("'Batch:RecoverStaleAftr' is not a Batch setting*RecoverStaleAfter, ListInstancesPerJob, StopUpdateAttempts*");
    }

    [Test]
    public async Task Out_of_range_settings_fail_the_host_start_saying_what_was_wrong_and_what_to_write()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddBatch(batch => batch.Configure(o =>
        {
            o.RecoverStaleAfter = TimeSpan.FromMinutes(-1);
            o.ListInstancesPerJob = 0;
            o.StopUpdateAttempts = 0;
            o.FinalStatusRetryFor = TimeSpan.FromSeconds(-1);
        }));
        using var host = builder.Build();

        var start = () => host.StartAsync();

        var failures = (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.ToList();
        failures.Should().HaveCount(4);
        failures.Should().ContainMatch("Batch:FinalStatusRetryFor is -00:00:01, a negative duration*'00:01:00'*");
        failures.Should().ContainMatch("Batch:RecoverStaleAfter is -00:01:00, a negative age*for example '00:10:00'*");
        failures.Should().ContainMatch("Batch:ListInstancesPerJob is 0*at least 1*");
        failures.Should().ContainMatch("Batch:StopUpdateAttempts is 0*at least 1*");
    }

    [Test]
    public async Task RunBatchCommandLineAsync_with_invalid_settings_exits_with_the_usage_code_before_running_anything()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var numbers = new NumbersJob(10, 5);
        builder.Services.AddBatch(batch => batch.AddJob(numbers.Job).Configure(o => o.ListInstancesPerJob = -3));
        using var host = builder.Build();

        var code = await host.RunBatchCommandLineAsync(["run", "numbers"]);

        code.Should().Be(BatchExitCodes.UsageError);
        numbers.Writer.Written.Should().BeEmpty();
    }

    [Test]
    public async Task Recover_without_an_argument_uses_the_configured_heartbeat_age()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection().AddSingleton<TimeProvider>(clock);
        await using var provider = services
            .AddBatch(batch => batch.AddJob(new NumbersJob(10, 5).Job).Configure(o => o.RecoverStaleAfter = TimeSpan.FromMinutes(30)))
            .BuildServiceProvider();
        var repository = provider.GetRequiredService<IJobRepository>();
        var execution = await repository.CreateJobExecutionAsync(new JobLaunchRequest("numbers", JobParameters.Empty), CancellationToken.None);
        execution.Status = BatchStatus.Started;
        await repository.UpdateJobExecutionAsync(execution, CancellationToken.None);
        var runner = provider.GetRequiredService<BatchCommandLineRunner>();
        using var output = new StringWriter();

        clock.Advance(TimeSpan.FromMinutes(20));
        (await runner.RunAsync(["recover"], output, TextWriter.Null, CancellationToken.None)).Should().Be(BatchExitCodes.Completed);
        (await repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!.Status.Should().Be(BatchStatus.Started, "20 minutes is within the configured 30");

        clock.Advance(TimeSpan.FromMinutes(15));
        (await runner.RunAsync(["recover"], output, TextWriter.Null, CancellationToken.None)).Should().Be(BatchExitCodes.Completed);
        (await repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!.Status.Should().Be(BatchStatus.Failed);
        output.ToString().Should().Contain("No running execution has been silent for more than 30 minutes.")
            .And.Contain($"Marked FAILED (restartable), silent for more than 30 minutes: execution {execution.Id} of 'numbers'");
    }

    [Test]
    public async Task List_shows_as_many_instances_per_job_as_configured()
    {
        var numbers = new NumbersJob(3, 5);
        await using var provider = new ServiceCollection()
            .AddBatch(batch => batch.AddJob(numbers.Job).Configure(o => o.ListInstancesPerJob = 2))
            .BuildServiceProvider();
        var jobOperator = provider.GetRequiredService<IJobOperator>();
        for (var day = 1; day <= 4; day++)
        {
            await jobOperator.StartAsync("numbers", JobParameters.Parse($"day:long={day}"), CancellationToken.None);
        }

        using var output = new StringWriter();
        await provider.GetRequiredService<BatchCommandLineRunner>().RunAsync(["list"], output, TextWriter.Null, CancellationToken.None);

        output.ToString().Split('\n').Count(line => line.Contains("  numbers  instance ", StringComparison.Ordinal)).Should().Be(2);
    }

    private static IConfigurationRoot Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value)).Build();
}
