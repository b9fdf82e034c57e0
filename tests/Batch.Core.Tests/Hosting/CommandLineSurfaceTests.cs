using System.Text.Json;
using Batch.Core.Tests.Support;
using Batch.Hosting;
using Batch.Jobs;
using Batch.Steps;
using Microsoft.Extensions.DependencyInjection;

namespace Batch.Core.Tests.Hosting;

/// <summary>Every command's --help and --json, and bad input answered with the documented exit code and one line.</summary>
public class CommandLineSurfaceTests
{
    private static readonly string[] Commands = ["run", "next", "catch-up", "restart", "stop", "abandon", "fail", "recover", "show", "list", "cleanup", "worker", "schedule"];

    private CommandLineHarness _cli = null!;

    private StringWriter Out => _cli.Out;

    private StringWriter Err => _cli.Err;

    [SetUp]
    public void SetUp()
    {
        _cli = new CommandLineHarness(services => services.AddBatch(batch => batch
            .AddJob(new NumbersJob(100, 10).Job)
            .AddJob(_ => new JobBuilder("counted")
                .Validator(new DefaultJobParametersValidator().Require<long>("count", min: 1, max: 1000))
                .Start(new StepBuilder("noop").Tasklet((_, _) => ValueTask.FromResult(RepeatStatus.Finished)).Build())
                .Build())));
    }

    [TearDown]
    public void TearDown() => _cli.Dispose();

    private Task<int> Run(params string[] args) => _cli.RunAsync(args);

    private void Clear()
    {
        Out.GetStringBuilder().Clear();
        Err.GetStringBuilder().Clear();
    }

    private async Task<int> InstanceCount(string job) =>
        (await _cli.Services.GetRequiredService<IJobExplorer>().GetJobInstancesAsync(job, 0, 100, CancellationToken.None)).Count;

    [Test]
    public async Task Help_of_the_root_lists_every_command_and_the_exit_codes()
    {
        (await Run("--help")).Should().Be(BatchExitCodes.Completed);
        foreach (var command in Commands)
        {
            Out.ToString().Should().Contain(command);
        }

        Out.ToString().Should().Contain("2 usage error").And.Contain("4 refused").And.Contain("'help <command>'");
        Clear();
        (await Run("help")).Should().Be(BatchExitCodes.Completed);
        Out.ToString().Should().Contain("cleanup");
    }

    [TestCaseSource(nameof(Commands))]
    public async Task Help_of_each_command_describes_it_and_exits_zero_without_doing_anything(string command)
    {
        (await Run(command, "--help")).Should().Be(BatchExitCodes.Completed, Err.ToString());
        Out.ToString().Should().Contain("Usage:").And.Contain(command).And.Contain("--json");
        Err.ToString().Should().BeEmpty();
        (await InstanceCount("numbers")).Should().Be(0);
    }

    [Test]
    public async Task Run_with_json_writes_one_document_with_the_status_parameters_and_step_counts()
    {
        (await Run("run", "numbers", "date:date=2026-11-22", "--json")).Should().Be(BatchExitCodes.Completed, Err.ToString());
        using var document = JsonDocument.Parse(Out.ToString());
        var root = document.RootElement;
        root.GetProperty("status").GetString().Should().Be("COMPLETED");
        root.GetProperty("job").GetString().Should().Be("numbers");
        root.GetProperty("parameters").GetProperty("date").GetProperty("type").GetString().Should().Be("date");
        root.GetProperty("parameters").GetProperty("date").GetProperty("value").GetString().Should().Be("2026-11-22");
        var step = root.GetProperty("steps")[0];
        step.GetProperty("name").GetString().Should().Be("load");
        step.GetProperty("read").GetInt64().Should().Be(100);
        step.GetProperty("written").GetInt64().Should().Be(100);
        step.GetProperty("commits").GetInt64().Should().BeGreaterThan(0);
    }

    [Test]
    public async Task Show_list_recover_and_cleanup_with_json_write_documents_scripts_can_read()
    {
        (await Run("run", "numbers", "date:date=2026-11-22")).Should().Be(BatchExitCodes.Completed);
        Clear();
        (await Run("show", "1", "--json")).Should().Be(BatchExitCodes.Completed);
        JsonDocument.Parse(Out.ToString()).RootElement.GetProperty("id").GetInt64().Should().Be(1);
        Clear();
        (await Run("list", "--json")).Should().Be(BatchExitCodes.Completed);
        JsonDocument.Parse(Out.ToString()).RootElement.GetProperty("executions").GetArrayLength().Should().Be(1);
        Clear();
        (await Run("list", "jobs", "--json")).Should().Be(BatchExitCodes.Completed);
        var jobs = JsonDocument.Parse(Out.ToString()).RootElement.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("name").GetString()).ToList();
        jobs.Should().Equal("counted", "numbers");
        Clear();
        (await Run("list", "instances", "--json")).Should().Be(BatchExitCodes.Completed);
        JsonDocument.Parse(Out.ToString()).RootElement.GetProperty("instances")[0].GetProperty("lastStatus").GetString().Should().Be("COMPLETED");
        Clear();
        (await Run("recover", "--json")).Should().Be(BatchExitCodes.Completed);
        JsonDocument.Parse(Out.ToString()).RootElement.GetProperty("recovered").GetArrayLength().Should().Be(0);
        Clear();
        (await Run("cleanup", "30", "--json")).Should().Be(BatchExitCodes.Completed);
        JsonDocument.Parse(Out.ToString()).RootElement.GetProperty("deletedInstances").GetInt32().Should().Be(0);
    }

    [TestCase(new[] { "show", "999" }, "no job execution with id 999")]
    [TestCase(new[] { "show", "abc" }, "'abc' is not an execution id")]
    [TestCase(new[] { "restart", "999" }, "999")]
    [TestCase(new[] { "stop", "999" }, "999")]
    [TestCase(new[] { "fail", "999" }, "999")]
    [TestCase(new[] { "abandon", "999", "0" }, "999")]
    [TestCase(new[] { "next", "no-such-job" }, "no-such-job")]
    [TestCase(new[] { "catch-up", "numbers" }, "business date")]
    [TestCase(new[] { "schedule", "--list" }, "nothing to schedule")]
    [TestCase(new[] { "restart", "12x" }, "'12x' is not an execution id")]
    [TestCase(new[] { "stop", "-1" }, "is not an execution id")]
    [TestCase(new[] { "show", "1", "2" }, "Unrecognized command or argument '2'")]
    [TestCase(new[] { "show" }, "'show --help' shows the usage")]
    [TestCase(new[] { "frobnicate" }, "'frobnicate'")]
    [TestCase(new string[0], "no command given")]
    [TestCase(new[] { "run", "numbers", "count:long=ten" }, "'count:long=ten'")]
    [TestCase(new[] { "run", "numbers", "=5" }, "'=5'")]
    [TestCase(new[] { "run", "counted", "count=abc" }, "count")]
    [TestCase(new[] { "run", "counted", "count:long=0" }, "count")]
    [TestCase(new[] { "run", "counted" }, "'count' is required")]
    [TestCase(new[] { "run", "no-such-job" }, "no-such-job")]
    [TestCase(new[] { "list", "--status", "BOGUS" }, "BOGUS")]
    [TestCase(new[] { "list", "everything" }, "everything")]
    [TestCase(new[] { "list", "--since", "yesterday" }, "'yesterday' is not a date for --since")]
    [TestCase(new[] { "list", "--limit", "0" }, "--limit must be from 1")]
    [TestCase(new[] { "list", "--limit", "abc" }, "--limit must be a whole number from 1 to 100000, not 'abc'")]
    [TestCase(new[] { "help", "bogus" }, "'bogus'")]
    [TestCase(new[] { "recover", "soon" }, "'soon' is not a number of minutes")]
    [TestCase(new[] { "fail", "1", "-5" }, "is not a number of minutes")]
    [TestCase(new[] { "cleanup", "99999999999" }, "from 0 to 36500")]
    [TestCase(new[] { "cleanup", "30", "--everything" }, "'--everything'")]
    public async Task Bad_input_exits_with_the_usage_code_and_one_line_and_creates_nothing(string[] args, string expected)
    {
        (await Run(args)).Should().Be(BatchExitCodes.UsageError, Out.ToString() + Err);
        var message = Err.ToString().Trim();
        message.Split('\n').Should().HaveCount(1, message);
        message.Should().Contain(expected).And.StartWith("error: ");
        (await InstanceCount("numbers")).Should().Be(0);
        (await InstanceCount("counted")).Should().Be(0);
    }

    [Test]
    public async Task A_failed_command_with_json_also_writes_the_error_and_exit_code_as_json()
    {
        (await Run("show", "999", "--json")).Should().Be(BatchExitCodes.UsageError);
        using var document = JsonDocument.Parse(Out.ToString());
        document.RootElement.GetProperty("exitCode").GetInt32().Should().Be(BatchExitCodes.UsageError);
        document.RootElement.GetProperty("error").GetString().Should().Contain("999").And.NotStartWith("error:", "the property names it an error already");
        Err.ToString().Should().StartWith("error: ", "the line on standard error is for people");
    }

    [Test]
    public async Task A_refused_launch_exits_with_the_refused_code_in_text_and_json()
    {
        (await Run("run", "counted", "count:long=5")).Should().Be(BatchExitCodes.Completed);
        Clear();
        (await Run("run", "counted", "count:long=5", "--json")).Should().Be(BatchExitCodes.Refused);
        Err.ToString().Should().StartWith("refused: ").And.Contain("already completed");
        var refusal = JsonDocument.Parse(Out.ToString()).RootElement;
        refusal.GetProperty("exitCode").GetInt32().Should().Be(BatchExitCodes.Refused);
        refusal.GetProperty("error").GetString().Should().Contain("already completed").And.NotStartWith("refused:", "the exit code says it, as for every error");
    }

    [Test]
    public async Task A_number_written_without_its_type_runs_as_the_type_the_job_declares()
    {
        (await Run("run", "counted", "count=5", "--json")).Should().Be(BatchExitCodes.Completed, Err.ToString());
        JsonDocument.Parse(Out.ToString()).RootElement.GetProperty("parameters").GetProperty("count").GetProperty("type").GetString().Should().Be("long");
        Clear();
        (await Run("run", "counted", "count:long=5")).Should().Be(BatchExitCodes.Refused, "count=5 and count:long=5 are the same instance");
    }

    [Test]
    public async Task Non_identifying_parameters_starting_with_a_dash_are_parameters_not_options()
    {
        (await Run("run", "counted", "count:long=5", "-hours:long=3", "--json")).Should().Be(BatchExitCodes.Completed, Err.ToString());
        var parameters = JsonDocument.Parse(Out.ToString()).RootElement.GetProperty("parameters");
        parameters.GetProperty("hours").GetProperty("identifying").GetBoolean().Should().BeFalse();
    }
}
