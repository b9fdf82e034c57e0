using Batch.Core.Tests.Support;
using Batch.Jobs;

namespace Batch.Core.Tests.Jobs;

public class PrePostTests : StepLogFixture
{
    [Test]
    public async Task A_failed_pre_step_means_neither_the_main_work_nor_the_post_step_runs()
    {
        var job = new JobBuilder("transfer")
            .PreStep(Log.Fails("check-file", () => true))
            .PostStep(Log.Step("load-into-db"))
            .Start(Log.Step("send-file"))
            .Build();

        var execution = await RunAsync(job);

        execution.Status.Should().Be(BatchStatus.Failed);
        execution.ExitStatus.ExitDescription.Should().Contain("Pre-step 'check-file' did not complete, so the main work of job 'transfer' did not run");
        Log.Ran.Should().Equal("check-file");
    }

    [Test]
    public async Task A_failed_main_step_means_the_post_step_never_runs()
    {
        var job = new JobBuilder("transfer")
            .PreStep(Log.Step("check-file"))
            .PostStep(Log.Step("load-into-db"))
            .Start(Log.Fails("send-file", () => true))
            .Build();

        var execution = await RunAsync(job);

        execution.Status.Should().Be(BatchStatus.Failed);
        execution.ExitStatus.ExitDescription.Should().Contain("Post-step 'load-into-db' did not run");
        Log.Ran.Should().Equal("check-file", "send-file");
    }

    [Test]
    public async Task A_failed_post_step_keeps_the_main_work_says_so_in_the_exit_code_and_a_restart_runs_only_the_post_step()
    {
        var postFails = true;
        var job = new JobBuilder("transfer")
            .PreStep(Log.Step("check-file"))
            .PostStep(Log.Fails("load-into-db", () => postFails))
            .Start(Log.Step("send-file"))
            .Build();

        var failed = await RunAsync(job);

        failed.Status.Should().Be(BatchStatus.Failed);
        failed.ExitStatus.ExitCode.Should().Be("COMPLETED WITH POST-STEP FAILURE");
        failed.ExitStatus.ExitDescription.Should().Contain("main work of job 'transfer' completed and is kept").And.Contain("load-into-db failed");
        failed.StepExecutions.Single(s => s.StepName == "send-file").Status.Should().Be(BatchStatus.Completed);

        postFails = false;
        var restarted = await RunAsync(job);

        restarted.Status.Should().Be(BatchStatus.Completed);
        Log.Ran.Should().Equal("check-file", "send-file", "load-into-db", "load-into-db");
    }

    [Test]
    public async Task Pre_and_post_steps_get_their_own_parameters_from_the_builder_overridden_by_prefixed_job_parameters()
    {
        JobParameters? pre = null;
        JobParameters? post = null;
        JobParameters? main = null;
        var job = new JobBuilder("transfer")
            .PreStep(Log.Step("check-file", (ctx, _) => { pre = ctx.Parameters; return ValueTask.CompletedTask; }), "dir=/in&mode=check")
            .PostStep(Log.Step("load-into-db", (ctx, _) => { post = ctx.Parameters; return ValueTask.CompletedTask; }), "script=load.sh")
            .Start(Log.Step("send-file", (ctx, _) => { main = ctx.Parameters; return ValueTask.CompletedTask; }))
            .Build();

        await RunAsync(job, "file=sales.csv&pre.mode=strict&post.table=sales");

        pre!.GetString("dir").Should().Be("/in");
        pre.GetString("mode").Should().Be("strict");
        pre.ContainsKey("file").Should().BeFalse();
        post!.GetString("script").Should().Be("load.sh");
        post.GetString("table").Should().Be("sales");
        main!.GetString("file").Should().Be("sales.csv");
    }

    [Test]
    public async Task A_flow_job_keeps_the_pre_and_post_rules()
    {
        var job = new JobBuilder("flow-transfer")
            .PreStep(Log.Step("check-file"))
            .PostStep(Log.Step("load-into-db"))
            .Flow(f => f.Start(Log.Fails("send-file", () => true)).On("FAILED").Fail())
            .Build();

        var execution = await RunAsync(job);

        execution.Status.Should().Be(BatchStatus.Failed);
        Log.Ran.Should().Equal("check-file", "send-file");
    }

    [Test]
    public void Malformed_pre_step_parameters_are_refused_when_building()
    {
        var build = () => new JobBuilder("transfer").PreStep(Log.Step("check-file"), "dir");

        build.Should().Throw<JobParametersFormatException>();
    }
}
