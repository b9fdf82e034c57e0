using System.Net;
using Batch.Dashboard.Hosting;
using Batch.Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Batch.Dashboard.Tests;

/// <summary>The standalone server of the <c>dashboard</c> command.</summary>
[TestFixture]
public sealed class BatchDashboardServerTests
{
    [Test]
    public void By_default_it_listens_on_the_loopback_interface_only()
    {
        new BatchDashboardServerOptions().Urls.Should().Be("http://127.0.0.1:5080");
    }

    [Test]
    public async Task It_serves_the_applications_repository_at_its_root_until_disposed()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddBatch(batch => batch.AddJob(TestJobs.CreateQuick()));
        using var host = builder.Build();
        var execution = await host.Services.GetRequiredService<Batch.Launch.IJobOperator>().StartNextInstanceAsync(TestJobs.Quick, null, CancellationToken.None);

        var server = await BatchDashboardServer.StartAsync(host.Services, new BatchDashboardServerOptions { Urls = "http://127.0.0.1:0" }, CancellationToken.None);
        var uri = server.DashboardUri;
        uri.Host.Should().Be("127.0.0.1");
        uri.Port.Should().BeGreaterThan(0);
        using var http = new HttpClient { BaseAddress = uri };
        (await http.GetStringAsync($"executions/{execution.Id}")).Should().Contain($"Execution #{execution.Id} of quick");

        await server.DisposeAsync();
        var act = () => http.GetAsync(string.Empty);
        await act.Should().ThrowAsync<HttpRequestException>();
    }

    [Test]
    public async Task A_second_server_on_an_address_in_use_fails_with_one_message_naming_it_and_what_to_do()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddBatch(batch => batch.AddJob(TestJobs.CreateQuick()));
        using var host = builder.Build();
        await using var first = await BatchDashboardServer.StartAsync(host.Services, new BatchDashboardServerOptions { Urls = "http://127.0.0.1:0" }, CancellationToken.None);
        var taken = $"http://127.0.0.1:{first.DashboardUri.Port}";

        var second = () => BatchDashboardServer.StartAsync(host.Services, new BatchDashboardServerOptions { Urls = taken }, CancellationToken.None);

        (await second.Should().ThrowAsync<IOException>()).WithMessage($"The dashboard cannot listen on {taken}: the address is in use*Choose another address*");
        using var http = new HttpClient { BaseAddress = first.DashboardUri };
        (await http.GetAsync(string.Empty)).StatusCode.Should().Be(HttpStatusCode.OK, "the first one serves on");
    }

    [Test]
    public async Task The_execution_page_shows_a_steps_counters()
    {
        var job = new Batch.Jobs.JobBuilder("counting")
            .Start(new Batch.Steps.StepBuilder("work").Tasklet((context, _) =>
            {
                StepCounters.Add(context.StepExecution, "work.unchanged", 7);
                return ValueTask.FromResult(Batch.Steps.RepeatStatus.Finished);
            }).Build())
            .Build();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddBatch(batch => batch.AddJob(job));
        using var host = builder.Build();
        var execution = await host.Services.GetRequiredService<Batch.Launch.IJobOperator>().StartAsync("counting", string.Empty, CancellationToken.None);
        await using var server = await BatchDashboardServer.StartAsync(host.Services, new BatchDashboardServerOptions { Urls = "http://127.0.0.1:0" }, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = server.DashboardUri };

        var page = await http.GetStringAsync($"executions/{execution.Id}");

        page.Should().Contain("<tr class=\"counters\"><td colspan=\"11\">work.unchanged <span class=\"counter\">7</span></td></tr>");
    }

    [Test]
    public async Task RunAsync_ends_normally_when_cancelled()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddBatch();
        using var host = builder.Build();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        await BatchDashboardServer.RunAsync(host.Services, new BatchDashboardServerOptions { Urls = "http://127.0.0.1:0" }, cancellation.Token)
            .WaitAsync(Conditions.Limit);
    }

    [Test]
    public async Task Services_without_AddBatch_are_refused_with_a_message()
    {
        await using var services = new ServiceCollection().BuildServiceProvider();
        var act = () => BatchDashboardServer.StartAsync(services, null, CancellationToken.None);
        (await act.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*services.AddBatch(...)*no IJobExplorer*");
    }
}
