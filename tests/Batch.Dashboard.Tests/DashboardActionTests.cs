using System.Net;
using Batch.Dashboard.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Batch.Dashboard.Tests;

/// <summary>Actions: refused without the key (403, with a message), done with it; GET never acts; read-only by default.</summary>
[TestFixture]
public sealed class DashboardActionTests
{
    private const string Key = "a-long-random-access-key-for-tests";

    [OneTimeSetUp]
    public void LongExpectations() => SetDefaultExpectTimeout((float)Conditions.Limit.TotalMilliseconds);

    [Test]
    public async Task Stop_is_refused_without_the_key_and_with_it_ends_the_execution_STOPPED()
    {
        using var gate = new ItemGate();
        await using var app = await DashboardApp.StartAsync([TestJobs.CreateGated(gate, 10)], o =>
        {
            o.EnableActions = true;
            o.AccessKey = Key;
        });
        var run = app.RunInBackground(TestJobs.Gated);
        gate.Release(1);
        var execution = await app.WaitForReadAsync(TestJobs.Gated, 1);
        var stop = $"executions/{execution.Id}/stop";

        // GET never acts.
        (await app.Http.GetAsync(stop)).StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        // A post without the dashboard's form (no anti-forgery token) and without the key header.
        var bare = await app.Http.PostAsync(stop, new FormUrlEncodedContent([new("key", Key)]));
        bare.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await bare.Content.ReadAsStringAsync()).Should().Contain("anti-forgery token is missing or invalid");
        // A wrong key in the header.
        using (var wrong = new HttpRequestMessage(HttpMethod.Post, stop))
        {
            wrong.Headers.Add("X-Batch-Key", Key + "x");
            var refused = await app.Http.SendAsync(wrong);
            refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
            (await refused.Content.ReadAsStringAsync()).Should().Contain("access key in the X-Batch-Key header is wrong");
        }

        // The dashboard's own form, without the key (the field's 'required' taken away, as a hand-made post would).
        var page = await Browser.NewPageAsync();
        await page.GotoAsync(app.Url($"executions/{execution.Id}"));
        await page.EvalOnSelectorAsync("form[data-action='stop'] input[name='key']", "e => e.removeAttribute('required')");
        var noKey = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("form[data-action='stop'] button"), r => r.Url.EndsWith("/stop", StringComparison.Ordinal));
        noKey.Status.Should().Be(403);
        await Expect(page.Locator("p.error")).ToHaveTextAsync("This action needs the access key: type it in the field beside the button.");
        (await app.Explorer.GetJobExecutionAsync(execution.Id, CancellationToken.None))!.Status.Should().Be(BatchStatus.Started);

        // With the key.
        await page.GotoAsync(app.Url($"executions/{execution.Id}"));
        await page.FillAsync("form[data-action='stop'] input[name='key']", Key);
        await page.ClickAsync("form[data-action='stop'] button");
        await Expect(page.Locator("p.notice")).ToHaveTextAsync($"Stop requested: execution #{execution.Id} stops at its next chunk boundary.");
        // STOPPING until the job reaches its next chunk boundary (or STOPPED, should its heartbeat have seen the request first).
        (await app.Explorer.GetJobExecutionAsync(execution.Id, CancellationToken.None))!.Status.Should().BeOneOf(BatchStatus.Stopping, BatchStatus.Stopped);

        gate.Release(1); // the next chunk boundary
        var ended = await run.WaitAsync(Conditions.Limit);
        ended.Status.Should().Be(BatchStatus.Stopped);
        await page.ReloadAsync();
        await Expect(page.Locator("#summary #status")).ToHaveTextAsync("STOPPED");
        await Expect(page.Locator("form[data-action='restart']")).ToHaveCountAsync(1);
    }

    [Test]
    public async Task Run_next_and_restart_with_the_key_header_launch_the_job()
    {
        using var gate = new ItemGate();
        await using var app = await DashboardApp.StartAsync([TestJobs.CreateGated(gate, 2), FailingJob.Create()], o =>
        {
            o.EnableActions = true;
            o.AccessKey = Key;
        });
        var failed = await app.Operator.StartNextInstanceAsync(FailingJob.Name, null, CancellationToken.None);

        gate.Release(2);
        var next = await PostWithKeyAsync(app, "jobs/gated/next");
        next.StatusCode.Should().Be(HttpStatusCode.OK);
        (await next.Content.ReadAsStringAsync()).Should().Contain("The next instance of 'gated' launched: execution #");
        await Conditions.WaitUntilAsync(
            async () => (await app.Explorer.FindJobExecutionsAsync(new JobExecutionQuery { JobName = TestJobs.Gated, Status = BatchStatus.Completed }, 0, 1, CancellationToken.None)).Count == 1,
            "the launched run of 'gated' completed");

        var restart = await PostWithKeyAsync(app, $"executions/{failed.Id}/restart");
        restart.StatusCode.Should().Be(HttpStatusCode.OK);
        await Conditions.WaitUntilAsync(
            async () => (await app.Explorer.GetJobExecutionsAsync(failed.JobInstance, CancellationToken.None)).Count == 2,
            "the restart of the failed execution ran");
        var executions = await app.Explorer.GetJobExecutionsAsync(failed.JobInstance, CancellationToken.None);
        await Conditions.WaitUntilAsync(
            async () => !(await app.Explorer.GetJobExecutionAsync(executions[0].Id, CancellationToken.None))!.IsRunning, "the restart ended");

        var completed = await PostWithKeyAsync(app, $"executions/{failed.Id}/abandon");
        completed.StatusCode.Should().Be(HttpStatusCode.OK);
        (await app.Explorer.GetJobExecutionAsync(failed.Id, CancellationToken.None))!.Status.Should().Be(BatchStatus.Abandoned);
        var again = await PostWithKeyAsync(app, $"executions/{failed.Id}/restart");
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).Should().Contain("ABANDONED, which is final");
        (await PostWithKeyAsync(app, "jobs/nosuchjob/next")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Run_next_of_a_launch_that_is_refused_answers_409_with_the_reason_instead_of_launched()
    {
        var needsDate = new Batch.Jobs.JobBuilder("needs-date")
            .Incrementer(new Batch.Jobs.RunIdIncrementer())
            .Validator(new Batch.Jobs.DefaultJobParametersValidator().Require<DateOnly>("date"))
            .Start(new Batch.Steps.StepBuilder("once").Tasklet((_, _) => ValueTask.FromResult(Batch.Steps.RepeatStatus.Finished)).Build())
            .Build();
        await using var app = await DashboardApp.StartAsync([needsDate], o =>
        {
            o.EnableActions = true;
            o.AccessKey = Key;
        });

        var refused = await PostWithKeyAsync(app, "jobs/needs-date/next");

        refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await refused.Content.ReadAsStringAsync()).Should().Contain("The next instance of 'needs-date' was refused").And.Contain("date");
        (await app.Explorer.GetJobNamesAsync(CancellationToken.None)).Should().NotContain("needs-date", "nothing was launched");
    }

    [Test]
    public async Task A_notice_in_a_crafted_link_is_not_shown_only_one_the_dashboard_signed()
    {
        await using var app = await DashboardApp.StartAsync([FailingJob.Create()], o => o.AccessKey = Key);
        const string fake = "Security notice: your access key has expired, paste it at http://evil.example";

        var crafted = await app.Http.GetStringAsync("?message=" + Uri.EscapeDataString(fake));
        var forged = await app.Http.GetStringAsync("?message=" + Uri.EscapeDataString(fake) + "&sig=" + new string('0', 64));

        crafted.Should().NotContain("evil.example").And.NotContain("class=\"notice\"");
        forged.Should().NotContain("evil.example");
    }

    [Test]
    public async Task A_read_only_dashboard_refuses_every_action_and_shows_no_forms()
    {
        using var gate = new ItemGate();
        await using var app = await DashboardApp.StartAsync([TestJobs.CreateGated(gate, 5)], o => o.AccessKey = Key);
        var run = app.RunInBackground(TestJobs.Gated);
        gate.Release(1);
        var execution = await app.WaitForReadAsync(TestJobs.Gated, 1);

        var refused = await PostWithKeyAsync(app, $"executions/{execution.Id}/stop");
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await refused.Content.ReadAsStringAsync()).Should().Contain("Actions are disabled: this dashboard is read-only");
        var html = await app.Http.GetStringAsync($"executions/{execution.Id}");
        html.Should().NotContain("<form method=\"post\"");
        (await app.Explorer.GetJobExecutionAsync(execution.Id, CancellationToken.None))!.Status.Should().Be(BatchStatus.Started);

        gate.Release(4);
        (await run.WaitAsync(Conditions.Limit)).Status.Should().Be(BatchStatus.Completed);
    }

    private static async Task<HttpResponseMessage> PostWithKeyAsync(DashboardApp app, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Add("X-Batch-Key", Key);
        return await app.Http.SendAsync(request);
    }
}
