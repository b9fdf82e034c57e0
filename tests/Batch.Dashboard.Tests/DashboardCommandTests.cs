using System.Text.RegularExpressions;
using Batch.Dashboard.Hosting;
using Batch.Dashboard.Tests.Support;
using Batch.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Batch.Dashboard.Tests;

/// <summary>The <c>dashboard</c> command of the Batch command line.</summary>
[TestFixture]
public sealed partial class DashboardCommandTests
{
    private static IHost Build(IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Services.AddBatch(batch => batch.AddJob(TestJobs.CreateQuick()).AddDashboardCommand());
        return builder.Build();
    }

    [Test]
    public async Task Dashboard_serves_the_pages_until_stopped_and_exits_zero()
    {
        using var host = Build();
        await host.Services.GetRequiredService<Batch.Launch.IJobOperator>().StartNextInstanceAsync(TestJobs.Quick, null, CancellationToken.None);
        var runner = host.Services.GetRequiredService<BatchCommandLineRunner>();
        var text = new StringWriter();
        var output = TextWriter.Synchronized(text);
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();

        var running = runner.RunAsync(["dashboard", "--urls", "http://127.0.0.1:0"], output, error, stop.Token);
        Uri? uri = null;
        await Conditions.WaitUntilAsync(() =>
        {
            lock (output)
            {
                var match = Address().Match(text.ToString());
                uri = match.Success ? new Uri(match.Groups[1].Value) : null;
            }

            return Task.FromResult(uri is not null || running.IsCompleted);
        }, "the command to say where the dashboard listens");
        running.IsCompleted.Should().BeFalse(error.ToString());
        using var http = new HttpClient { BaseAddress = uri };
        (await http.GetStringAsync(string.Empty)).Should().Contain("quick");
        lock (output)
        {
            text.ToString().Should().Contain("read-only");
        }

        await stop.CancelAsync();
        (await running.WaitAsync(Conditions.Limit)).Should().Be(BatchExitCodes.Completed, error.ToString());
    }

    [TestCase("--urls", "http://0.0.0.0:5080", "not a loopback address")]
    [TestCase("--urls", "http://*:5080", "not a loopback address")]
    [TestCase("--urls", "garbage", "'garbage' is not an address to listen on")]
    [TestCase("--enable-actions", null, "Batch:Dashboard:AccessKey")]
    public async Task Dashboard_refuses_a_remote_address_or_actions_without_a_key_with_the_usage_code(string option, string? value, string message)
    {
        using var host = Build();
        using var error = new StringWriter();
        string[] args = value is null ? ["dashboard", option] : ["dashboard", option, value];

        var code = await host.Services.GetRequiredService<BatchCommandLineRunner>().RunAsync(args, TextWriter.Null, error, CancellationToken.None);

        code.Should().Be(BatchExitCodes.UsageError);
        error.ToString().Should().Contain(message);
    }

    [Test]
    public async Task Dashboard_refuses_actions_behind_a_short_access_key_with_the_usage_code()
    {
        using var host = Build(new Dictionary<string, string?> { ["Batch:Dashboard:AccessKey"] = "short" });
        using var error = new StringWriter();

        var code = await host.Services.GetRequiredService<BatchCommandLineRunner>().RunAsync(["dashboard", "--enable-actions"], TextWriter.Null, error, CancellationToken.None);

        code.Should().Be(BatchExitCodes.UsageError);
        error.ToString().Should().Contain("Batch:Dashboard:AccessKey has 5 characters; use at least 16");
        var options = () => new BatchDashboardOptions { EnableActions = true, AccessKey = "short" }.Validate();
        options.Should().Throw<InvalidOperationException>().WithMessage("The Batch dashboard's AccessKey has 5 characters; use at least 16*");
    }

    [Test]
    public async Task Dashboard_help_describes_its_options()
    {
        using var host = Build();
        using var output = new StringWriter();
        (await host.Services.GetRequiredService<BatchCommandLineRunner>().RunAsync(["dashboard", "--help"], output, TextWriter.Null, CancellationToken.None))
            .Should().Be(BatchExitCodes.Completed);
        output.ToString().Should().Contain("--urls").And.Contain("--enable-actions").And.Contain("--allow-remote").And.Contain("--json");
    }

    [GeneratedRegex(@"Dashboard on (http://127\.0\.0\.1:\d+/)")]
    private static partial Regex Address();
}
