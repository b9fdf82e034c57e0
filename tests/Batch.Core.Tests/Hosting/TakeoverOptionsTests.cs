using Batch.Core.Tests.Support;
using Batch.Hosting;
using Batch.Launch;
using Batch.Repository;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Batch.Core.Tests.Hosting;

/// <summary><see cref="BatchOptions.HeartbeatInterval"/> and <see cref="BatchOptions.TakeOverDeadExecutionsAfter"/>: defaults, configuration, validation, and the command line.</summary>
public class TakeoverOptionsTests
{
    [Test]
    public async Task The_heartbeat_beats_every_thirty_seconds_and_takeover_is_off_by_default()
    {
        await using var services = new ServiceCollection().AddBatch().BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<BatchOptions>>().Value;

        options.HeartbeatInterval.Should().Be(TimeSpan.FromSeconds(30)).And.Be(BatchOptions.DefaultHeartbeatInterval);
        options.TakeOverDeadExecutionsAfter.Should().BeNull();
        BatchOptions.RecommendedTakeOverDeadExecutionsAfter.Should().Be(TimeSpan.FromMinutes(10));
    }

    [Test]
    public async Task BindConfiguration_reads_the_heartbeat_interval_and_the_takeover_age_and_off_turns_takeover_off()
    {
        var section = Configuration(("Batch:HeartbeatInterval", "00:00:10"), ("Batch:TakeOverDeadExecutionsAfter", "00:05:00")).GetSection("Batch");
        await using var services = new ServiceCollection().AddBatch(batch => batch.BindConfiguration(section)).BuildServiceProvider();
        var off = Configuration(("Batch:TakeOverDeadExecutionsAfter", "Off")).GetSection("Batch");
        await using var offServices = new ServiceCollection()
            .AddBatch(batch => batch.Configure(o => o.TakeOverDeadExecutionsAfter = TimeSpan.FromHours(1)).BindConfiguration(off)).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<BatchOptions>>().Value;

        (options.HeartbeatInterval, options.TakeOverDeadExecutionsAfter).Should().Be((TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5)));
        offServices.GetRequiredService<IOptions<BatchOptions>>().Value.TakeOverDeadExecutionsAfter.Should().BeNull();
    }

    [Test]
    public async Task A_takeover_age_shorter_than_four_heartbeats_or_an_unreadable_one_or_a_heartbeat_of_zero_fails_validation_saying_what_to_write()
    {
        var section = Configuration(("Batch:TakeOverDeadExecutionsAfter", "soon")).GetSection("Batch");
        await using var unreadable = new ServiceCollection().AddBatch(batch => batch.BindConfiguration(section)).BuildServiceProvider();
        await using var tooShort = new ServiceCollection()
            .AddBatch(batch => batch.Configure(o => o.TakeOverDeadExecutionsAfter = TimeSpan.FromMinutes(1))).BuildServiceProvider();
        await using var zero = new ServiceCollection().AddBatch(batch => batch.Configure(o => o.HeartbeatInterval = TimeSpan.Zero)).BuildServiceProvider();

        Failures(unreadable).Should().ContainMatch("'Batch:TakeOverDeadExecutionsAfter' is 'soon', not a duration*'00:10:00' or 'off'*");
        Failures(tooShort).Should().ContainMatch("Batch:TakeOverDeadExecutionsAfter is 00:01:00, less than four heartbeats (00:02:00*a live process could be taken for dead*'00:10:00'*");
        Failures(zero).Should().ContainMatch("Batch:HeartbeatInterval is 00:00:00*more than zero*'00:00:30'*");
    }

    [Test]
    public async Task Run_on_the_command_line_takes_over_a_dead_execution_when_configured_and_restart_does_too()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
        var numbers = new NumbersJob(10, 5);
        await using var provider = new ServiceCollection().AddSingleton<TimeProvider>(clock)
            .AddBatch(batch => batch.AddJob(numbers.Job).Configure(o => o.TakeOverDeadExecutionsAfter = TimeSpan.FromMinutes(10)))
            .BuildServiceProvider();
        var repository = provider.GetRequiredService<IJobRepository>();
        var runner = provider.GetRequiredService<BatchCommandLineRunner>();
        var first = await StartedAsync(repository, "date:date=2026-11-22");
        var second = await StartedAsync(repository, "date:date=2026-11-23");
        clock.Advance(TimeSpan.FromMinutes(11));
        using var output = new StringWriter();
        using var error = new StringWriter();

        (await runner.RunAsync(["run", "numbers", "date:date=2026-11-22"], output, error, CancellationToken.None)).Should().Be(BatchExitCodes.Completed, error.ToString());
        (await runner.RunAsync(["restart", second.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], output, error, CancellationToken.None))
            .Should().Be(BatchExitCodes.Completed, error.ToString());

        (await repository.GetJobExecutionAsync(first.Id, CancellationToken.None))!.ExitStatus.ExitDescription.Should().StartWith("Taken over by a launch");
        (await repository.GetJobExecutionAsync(second.Id, CancellationToken.None))!.Status.Should().Be(BatchStatus.Failed);
        numbers.Writer.Written.Should().HaveCount(20);
    }

    private static List<string> Failures(ServiceProvider services)
    {
        var read = () => services.GetRequiredService<IOptions<BatchOptions>>().Value;
        return read.Should().Throw<OptionsValidationException>().Which.Failures.ToList();
    }

    private static async Task<JobExecution> StartedAsync(IJobRepository repository, string parameters)
    {
        var execution = await repository.CreateJobExecutionAsync(new JobLaunchRequest("numbers", JobParameters.Parse(parameters)), CancellationToken.None);
        execution.Status = BatchStatus.Started;
        await repository.UpdateJobExecutionAsync(execution, CancellationToken.None);
        return execution;
    }

    private static IConfigurationRoot Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value)).Build();
}
