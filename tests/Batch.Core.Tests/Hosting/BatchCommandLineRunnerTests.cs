using Batch.Core.Tests.Support;
using Batch.Hosting;
using Batch.Jobs;
using Batch.Steps;
using Microsoft.Extensions.DependencyInjection;

namespace Batch.Core.Tests.Hosting;

public class BatchCommandLineRunnerTests
{
    private NumbersJob _numbers = null!;
    private CommandLineHarness _cli = null!;

    private ServiceProvider Services => _cli.Services;

    private StringWriter Out => _cli.Out;

    private StringWriter Err => _cli.Err;

    [SetUp]
    public void SetUp()
    {
        _numbers = new NumbersJob(100, 10);
        _cli = new CommandLineHarness(services => services.AddBatch(batch => batch
            .AddJob(_numbers.Job)
            .AddJob(_ => new JobBuilder("dated")
                .Validator(new DefaultJobParametersValidator().Require("date", JobParameterType.Date))
                .Start(new StepBuilder("noop").Tasklet((_, _) => ValueTask.FromResult(RepeatStatus.Finished)).Build())
                .Build())));
    }

    [TearDown]
    public void TearDown() => _cli.Dispose();

    private Task<int> Run(params string[] args) => _cli.RunAsync(args);

    [Test]
    public async Task Run_of_an_unknown_job_exits_with_the_usage_code_and_names_the_job()
    {
        var code = await Run("run", "no-such-job");

        code.Should().Be(BatchExitCodes.UsageError);
        Err.ToString().Should().Contain("no-such-job").And.Contain("numbers");
        Err.ToString().Trim().Split('\n').Should().HaveCount(1);
    }

    [Test]
    public async Task Malformed_parameters_exit_with_the_usage_code_and_quote_the_bad_token()
    {
        var code = await Run("run", "numbers", "count:long=ten");

        code.Should().Be(BatchExitCodes.UsageError);
        Err.ToString().Should().Contain("'count:long=ten'");
    }

    [Test]
    public async Task Invalid_parameters_exit_with_the_usage_code()
    {
        var code = await Run("run", "dated");

        code.Should().Be(BatchExitCodes.UsageError);
        Err.ToString().Should().Contain("'date' is required");
    }

    [Test]
    public async Task A_completed_job_exits_zero_and_prints_its_counts()
    {
        var code = await Run("run", "numbers", "date:date=2026-11-22");

        code.Should().Be(BatchExitCodes.Completed);
        Out.ToString().Should().Contain("COMPLETED").And.Contain("read 100, written 100");
    }

    [Test]
    public async Task A_failed_job_exits_with_the_failed_code_and_its_restart_completes()
    {
        _numbers.FailAt = 55;
        (await Run("run", "numbers")).Should().Be(BatchExitCodes.Failed);
        Out.ToString().Should().Contain("FAILED").And.Contain("Poisoned item 55");
        _numbers.FailAt = 0;

        var code = await Run("restart", "1");

        code.Should().Be(BatchExitCodes.Completed);
        _numbers.Writer.Written.Should().Equal(Enumerable.Range(1, 100));
    }

    [Test]
    public async Task A_stopped_job_exits_with_the_stopped_code()
    {
        using var cancellation = new CancellationTokenSource();
        _numbers.CancelAt = 35;
        _numbers.Cancellation = cancellation;

        var code = await Services.GetRequiredService<BatchCommandLineRunner>().RunAsync(["run", "numbers"], Out, Err, cancellation.Token);

        code.Should().Be(BatchExitCodes.Stopped);
        Out.ToString().Should().Contain("STOPPED");
    }

    [Test]
    public async Task Running_a_completed_instance_again_exits_with_the_refused_code()
    {
        (await Run("run", "numbers", "date:date=2026-11-22")).Should().Be(BatchExitCodes.Completed);

        var code = await Run("run", "numbers", "date:date=2026-11-22");

        code.Should().Be(BatchExitCodes.Refused);
        Err.ToString().Should().Contain("already completed");
    }

    [TestCase]
    [TestCase("frobnicate")]
    [TestCase("restart")]
    [TestCase("restart", "abc")]
    public async Task A_wrong_command_line_exits_with_the_usage_code(params string[] args)
    {
        var code = await Run(args);

        code.Should().Be(BatchExitCodes.UsageError);
        Err.ToString().Should().NotBeEmpty();
    }

    [Test]
    public async Task List_shows_the_registered_jobs_and_recent_executions()
    {
        await Run("run", "numbers", "date:date=2026-11-22");

        var code = await Run("list");

        code.Should().Be(BatchExitCodes.Completed);
        Out.ToString().Should().Contain("Jobs: dated, numbers").And.Contain("COMPLETED");
    }
}
