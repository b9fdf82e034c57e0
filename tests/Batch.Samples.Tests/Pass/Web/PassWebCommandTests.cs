using System.Net;
using System.Text.RegularExpressions;
using Batch.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Samples;

namespace Batch.Samples.Tests.Pass.Web;

/// <summary>The <c>pass-web</c> command of the samples' command line, on a SQLite file of its own.</summary>
[TestFixture]
public sealed partial class PassWebCommandTests
{
    private DirectoryInfo _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("pass-web-");

    [TearDown]
    public void DeleteDirectory()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    [TestCase(PassWebFixture.AdminKey)]
    [TestCase(null)]
    public async Task Pass_web_serves_the_pages_and_APIs_with_the_configured_key_until_stopped_and_exits_zero(string? key)
    {
        using var host = Build(key);
        var text = new StringWriter();
        var output = TextWriter.Synchronized(text);
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();

        var running = host.Services.GetRequiredService<BatchCommandLineRunner>().RunAsync(["pass-web", "--port", "0"], output, error, stop.Token);
        Uri? uri = null;
        using (var limit = new CancellationTokenSource(PassWebBrowser.Limit))
        {
            while (uri is null && !running.IsCompleted)
            {
                var match = Address().Match(text.ToString());
                uri = match.Success ? new Uri(match.Groups[1].Value) : null;
                if (uri is null)
                {
                    await Task.WhenAny(running, Task.Delay(20, limit.Token));
                }
            }
        }

        running.IsCompleted.Should().BeFalse(error.ToString());
        uri!.Host.Should().Be("127.0.0.1");
        using var http = new HttpClient { BaseAddress = uri };
        (await http.GetStringAsync("admin/statistics")).Should().Contain("<script src=\"/assets/pass-web.js\"");
        (await http.GetAsync("api/members/1/passes")).StatusCode.Should().Be(HttpStatusCode.BadRequest, "the tables were created, empty");
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/admin/catalog");
        request.Headers.Add("X-Admin-Key", PassWebFixture.AdminKey);
        var catalog = await http.SendAsync(request);
        if (key is null)
        {
            catalog.StatusCode.Should().Be(HttpStatusCode.Forbidden);
            text.ToString().Should().Contain("No admin key is configured: the admin pages and APIs refuse everything until Pass:Web:AdminKey");
        }
        else
        {
            catalog.StatusCode.Should().Be(HttpStatusCode.OK, await catalog.Content.ReadAsStringAsync());
            text.ToString().Should().NotContain("No admin key");
        }

        await stop.CancelAsync();
        (await running.WaitAsync(PassWebBrowser.Limit)).Should().Be(BatchExitCodes.Completed, error.ToString());
    }

    [TestCase("--host", "0.0.0.0", "is not a loopback address")]
    [TestCase("--host", "192.168.1.10", "is not a loopback address")]
    [TestCase("--port", "70000", "--port is 70000")]
    public async Task Pass_web_refuses_a_remote_address_or_a_bad_port_with_the_usage_code(string option, string value, string message)
    {
        using var host = Build(PassWebFixture.AdminKey);
        using var error = new StringWriter();

        var code = await host.Services.GetRequiredService<BatchCommandLineRunner>().RunAsync(["pass-web", option, value], TextWriter.Null, error, CancellationToken.None);

        code.Should().Be(BatchExitCodes.UsageError);
        error.ToString().Should().Contain(message);
    }

    [Test]
    public async Task Pass_web_help_describes_its_options_pages_and_key()
    {
        using var host = Build(null);
        using var output = new StringWriter();

        (await host.Services.GetRequiredService<BatchCommandLineRunner>().RunAsync(["pass-web", "--help"], output, TextWriter.Null, CancellationToken.None))
            .Should().Be(BatchExitCodes.Completed);

        output.ToString().Should().Contain("--port").And.Contain("--host").And.Contain("--allow-remote")
            .And.Contain("Pass__Web__AdminKey").And.Contain("/admin/bulk-passes").And.Contain("X-Admin-Key");
    }

    private IHost Build(string? key) => SampleHost.Build(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Batch:Provider"] = "Sqlite",
        ["Batch:ConnectionString"] = $"Data Source={Path.Combine(_directory.FullName, "pass.db")}",
        ["Pass:Web:AdminKey"] = key,
    }));

    [GeneratedRegex(@"Pass pages on (\S+/) ")]
    private static partial Regex Address();
}
