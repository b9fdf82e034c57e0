using Batch.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Batch.Core.Tests.Hosting;

/// <summary>The settings of queued launches: defaults, configuration (<c>Batch:LaunchGroups</c>), validation.</summary>
public class LaunchQueueOptionsTests
{
    [Test]
    public async Task A_waiting_launch_polls_every_second_and_loses_its_place_after_a_minute_of_silence_by_default()
    {
        await using var services = new ServiceCollection().AddBatch().BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<BatchOptions>>().Value;

        (options.LaunchPollInterval, options.LaunchWaitingTicketStaleAfter).Should().Be((TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)));
        options.LaunchGroups.Should().BeEmpty();
    }

    [Test]
    public async Task BindConfiguration_reads_the_limits_of_launch_groups_and_the_polling()
    {
        var section = Configuration(("Batch:LaunchGroups:reports", "2"), ("Batch:LaunchGroups:gpu", "1"), ("Batch:LaunchPollInterval", "00:00:05"),
            ("Batch:LaunchWaitingTicketStaleAfter", "00:02:00")).GetSection("Batch");
        await using var services = new ServiceCollection().AddBatch(batch => batch.BindConfiguration(section)).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<BatchOptions>>().Value;

        options.LaunchGroups.Should().BeEquivalentTo(new Dictionary<string, int> { ["reports"] = 2, ["gpu"] = 1 });
        (options.LaunchPollInterval, options.LaunchWaitingTicketStaleAfter).Should().Be((TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(2)));
    }

    [Test]
    public async Task A_limit_below_one_an_unreadable_limit_and_a_waiting_age_below_four_polls_fail_validation_saying_what_to_write()
    {
        var section = Configuration(("Batch:LaunchGroups:reports", "0"), ("Batch:LaunchGroups:gpu", "two")).GetSection("Batch");
        await using var groups = new ServiceCollection().AddBatch(batch => batch.BindConfiguration(section)).BuildServiceProvider();
        await using var polls = new ServiceCollection().AddBatch(batch => batch.Configure(o => o.LaunchWaitingTicketStaleAfter = TimeSpan.FromSeconds(2))).BuildServiceProvider();

        Failures(groups).Should().ContainMatch("Batch:LaunchGroups:reports is 0*at least 1 live execution*")
            .And.ContainMatch("'Batch:LaunchGroups:gpu' is 'two', not a whole number*");
        Failures(polls).Should().ContainMatch("Batch:LaunchWaitingTicketStaleAfter is 00:00:02, less than four polls*'00:01:00'*");
    }

    private static List<string> Failures(ServiceProvider services)
    {
        var read = () => services.GetRequiredService<IOptions<BatchOptions>>().Value;
        return read.Should().Throw<OptionsValidationException>().Which.Failures.ToList();
    }

    private static IConfigurationRoot Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value)).Build();
}
