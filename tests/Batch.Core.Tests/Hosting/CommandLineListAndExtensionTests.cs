using System.CommandLine;
using System.Text.Json;
using Batch.Core.Tests.Support;
using Batch.Diagnostics;
using Batch.Hosting;
using Batch.Items;
using Batch.Jobs;
using Batch.Steps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Batch.Core.Tests.Hosting;

/// <summary><c>list</c>'s filters, commands added by the application, and the live progress bars of an interactive terminal.</summary>
public class CommandLineListAndExtensionTests
{
    [Test]
    public async Task List_filters_executions_by_job_status_and_date()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        var numbers = new NumbersJob(100, 10) { FailAt = 55 };
        using var cli = new CommandLineHarness(services => services
            .AddSingleton<TimeProvider>(clock)
            .AddBatch(batch => batch.AddJob(numbers.Job).AddJob(new NumbersJob(20, 10, "other").Job)));
        (await cli.RunAsync("run", "numbers", "date:date=2026-11-30")).Should().Be(BatchExitCodes.Failed);
        clock.Advance(TimeSpan.FromDays(1));
        numbers.FailAt = 0;
        (await cli.RunAsync("run", "numbers", "date:date=2026-11-30")).Should().Be(BatchExitCodes.Completed);
        (await cli.RunAsync("run", "other", "date:date=2026-12-01")).Should().Be(BatchExitCodes.Completed);

        async Task<List<long>> Ids(params string[] filter)
        {
            cli.Out.GetStringBuilder().Clear();
            (await cli.RunAsync(["list", .. filter, "--json"])).Should().Be(BatchExitCodes.Completed, cli.Err.ToString());
            return [.. JsonDocument.Parse(cli.Out.ToString()).RootElement.GetProperty("executions").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).Order()];
        }

        (await Ids()).Should().Equal(1, 2, 3);
        (await Ids("--status", "FAILED")).Should().Equal(1);
        (await Ids("--status", "failed", "--status", "COMPLETED", "--job", "numbers")).Should().Equal(1, 2);
        (await Ids("--job", "other")).Should().Equal(3);
        (await Ids("--since", "2026-12-01")).Should().Equal(2, 3);
        (await Ids("--until", "2026-12-01")).Should().Equal(1);
        (await Ids("--since", "2026-11-30T11:00Z", "--until", "2026-11-30T13:00Z")).Should().Equal(1);

        cli.Out.GetStringBuilder().Clear();
        (await cli.RunAsync("list", "--status", "FAILED")).Should().Be(BatchExitCodes.Completed);
        cli.Out.ToString().Should().Contain("FAILED").And.NotContain("COMPLETED");
    }

    [Test]
    public async Task List_of_a_job_neither_registered_nor_in_the_repository_is_refused_with_the_usage_exit_code_and_the_known_jobs()
    {
        using var cli = new CommandLineHarness(services => services.AddBatch(batch => batch.AddJob(new NumbersJob(20, 10).Job)));

        foreach (var what in new[] { "executions", "instances", "jobs" })
        {
            cli.Err.GetStringBuilder().Clear();
            cli.Out.GetStringBuilder().Clear();
            (await cli.RunAsync("list", what, "--job", "nobody")).Should().Be(BatchExitCodes.UsageError, what);
            cli.Err.ToString().Should().Contain("No job named 'nobody'").And.Contain("the jobs are: numbers");
            cli.Out.ToString().Should().BeEmpty("nothing is listed before the refusal");
        }

        (await cli.RunAsync("list", "--job", "numbers")).Should().Be(BatchExitCodes.Completed, "a registered job that never ran is listed (with nothing)");
    }

    [Test]
    public async Task List_says_which_jobs_have_older_instances_than_its_limit_lets_it_look_at()
    {
        using var cli = new CommandLineHarness(services => services.AddBatch(batch => batch
            .AddJob(new NumbersJob(10, 10).Job).AddJob(new NumbersJob(10, 10, "other").Job)));
        for (var day = 1; day <= 3; day++)
        {
            (await cli.RunAsync("run", "numbers", $"day:long={day}")).Should().Be(BatchExitCodes.Completed);
        }

        (await cli.RunAsync("run", "other", "day:long=1")).Should().Be(BatchExitCodes.Completed);

        cli.Out.GetStringBuilder().Clear();
        (await cli.RunAsync("list", "--limit", "2")).Should().Be(BatchExitCodes.Completed);
        cli.Out.ToString().Should().Contain("numbers has older ones: --limit n looks at more").And.NotContain("other has");

        cli.Out.GetStringBuilder().Clear();
        (await cli.RunAsync("list", "instances", "--limit", "2", "--json")).Should().Be(BatchExitCodes.Completed);
        using (var document = JsonDocument.Parse(cli.Out.ToString()))
        {
            document.RootElement.GetProperty("instances").GetArrayLength().Should().Be(3);
            document.RootElement.GetProperty("olderInstancesNotListed").EnumerateArray().Select(e => e.GetString()).Should().Equal("numbers");
        }

        cli.Out.GetStringBuilder().Clear();
        (await cli.RunAsync("list", "--limit", "3", "--json")).Should().Be(BatchExitCodes.Completed);
        using (var document = JsonDocument.Parse(cli.Out.ToString()))
        {
            document.RootElement.GetProperty("executions").GetArrayLength().Should().Be(4);
            document.RootElement.TryGetProperty("olderInstancesNotListed", out _).Should().BeFalse("every instance was looked at");
        }
    }

    [Test]
    public async Task List_with_a_status_finds_the_matching_executions_among_all_of_a_jobs_not_only_its_newest_instances()
    {
        var numbers = new NumbersJob(10, 10) { FailAt = 5 };
        using var cli = new CommandLineHarness(services => services.AddBatch(batch => batch.AddJob(numbers.Job)));
        (await cli.RunAsync("run", "numbers", "day:long=1")).Should().Be(BatchExitCodes.Failed);
        numbers.FailAt = 0;
        for (var day = 2; day <= 8; day++)
        {
            (await cli.RunAsync("run", "numbers", $"day:long={day}")).Should().Be(BatchExitCodes.Completed);
        }

        cli.Out.GetStringBuilder().Clear();
        (await cli.RunAsync("list", "--status", "FAILED", "--json")).Should().Be(BatchExitCodes.Completed, cli.Err.ToString());
        using (var document = JsonDocument.Parse(cli.Out.ToString()))
        {
            var found = document.RootElement.GetProperty("executions").EnumerateArray().ToList();
            found.Should().ContainSingle("day 1 failed, seven instances ago — beyond the five newest instances").Which.GetProperty("status").GetString().Should().Be("FAILED");
        }

        cli.Out.GetStringBuilder().Clear();
        (await cli.RunAsync("list", "--status", "COMPLETED", "--limit", "3")).Should().Be(BatchExitCodes.Completed);
        cli.Out.ToString().Should().Contain("only the newest 3 matching executions per job are listed; numbers has more");
        cli.Out.GetStringBuilder().Clear();
        (await cli.RunAsync("list", "--status", "STOPPED")).Should().Be(BatchExitCodes.Completed);
        cli.Out.ToString().Should().Contain("No execution matches.");
    }

    [Test]
    public async Task A_command_added_by_the_application_runs_with_the_shared_json_option_and_help()
    {
        using var cli = new CommandLineHarness(services => services.AddBatch(batch => batch.AddJob(new NumbersJob(10, 10).Job).AddCommand<PingCommand>()));
        (await cli.RunAsync("ping", "--json")).Should().Be(BatchExitCodes.Completed, cli.Err.ToString());
        cli.Out.ToString().Trim().Should().Be("{\"pong\":true}");
        cli.Out.GetStringBuilder().Clear();
        (await cli.RunAsync("--help")).Should().Be(BatchExitCodes.Completed);
        cli.Out.ToString().Should().Contain("ping").And.Contain("Says pong.");
    }

    [Test]
    public async Task A_command_whose_name_is_taken_is_refused_with_a_message_naming_it()
    {
        using var cli = new CommandLineHarness(services => services.AddBatch(batch => batch.AddJob(new NumbersJob(10, 10).Job).AddCommand<ShadowingListCommand>()));
        (await cli.RunAsync("list")).Should().Be(BatchExitCodes.Failed);
        cli.Err.ToString().Should().Contain("'list'").And.Contain(nameof(ShadowingListCommand));
    }

    [Test]
    public async Task On_an_interactive_terminal_a_running_step_shows_a_progress_bar_that_moves()
    {
        var bars = new HeldBarsJob();
        using var cli = new CommandLineHarness(services => services.AddBatch(batch => batch.AddJob(bars.Job)));
        var written = new LockedText();

        var running = cli.Services.GetRequiredService<BatchCommandLineRunner>().RunAsync(["run", "bars"], written.Writer, cli.Err, interactive: true, CancellationToken.None);
        await bars.Reached.WaitAsync(TimeSpan.FromSeconds(60));
        var step = await WaitForAsync(() => RunningSteps.Snapshot().FirstOrDefault(s => s.JobName == "bars" && s.ItemsDone >= 50));
        step.ItemsExpected.Should().Be(100);
        step.Percent.Should().BeInRange(50, 60, "the chunk after the fifth is being processed");
        try
        {
            await WaitForAsync(() => System.Text.RegularExpressions.Regex.IsMatch(written.ToString(), "bars › count: (5[0-9]|60)/100") ? written : null);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("no bar in: " + written);
        }
        bars.Release();
        (await running.WaitAsync(TimeSpan.FromSeconds(60))).Should().Be(BatchExitCodes.Completed, cli.Err.ToString());
        written.ToString().Should().Contain("100%").And.Contain("Job 'bars' execution 1");
    }

    [Test]
    public async Task With_json_or_progress_bars_turned_off_an_interactive_run_writes_no_bar()
    {
        using var cli = new CommandLineHarness(services => services.AddBatch(batch => batch.AddJob(new NumbersJob(100, 10).Job).Configure(o => o.ProgressBars = false)));
        var output = new StringWriter();
        (await cli.Services.GetRequiredService<BatchCommandLineRunner>().RunAsync(["run", "numbers"], output, cli.Err, interactive: true, CancellationToken.None))
            .Should().Be(BatchExitCodes.Completed);
        output.ToString().Should().NotContain("%").And.NotContain("\u001b[");
    }

    /// <summary>Waits for a condition with a generous limit (no elapsed time is asserted).</summary>
    private static async Task<T> WaitForAsync<T>(Func<T?> probe)
        where T : class
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }

            await Task.Delay(20, limit.Token);
        }
    }

    private sealed class PingCommand : IBatchCommand
    {
        public Command CreateCommand(BatchCommandContext context)
        {
            var command = new Command("ping", "Says pong.");
            command.SetAction(async (result, _) =>
            {
                await context.Output.WriteLineAsync(context.WantsJson(result) ? "{\"pong\":true}" : "pong");
                return BatchExitCodes.Completed;
            });
            return command;
        }
    }

    private sealed class ShadowingListCommand : IBatchCommand
    {
        public Command CreateCommand(BatchCommandContext context) => new("list", "Another list.");
    }
}
