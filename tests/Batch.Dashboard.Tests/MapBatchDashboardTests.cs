using System.Net;
using Batch.Dashboard.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Batch.Dashboard.Tests;

/// <summary>The dashboard mounted in an ASP.NET Core application (MapBatchDashboard), on the in-memory test server.</summary>
[TestFixture]
public sealed class MapBatchDashboardTests
{
    [Test]
    public async Task The_dashboard_answers_under_its_mount_point_and_links_stay_under_it()
    {
        await using var app = await StartAsync(endpoints => endpoints.MapBatchDashboard("/ops/batch"));
        var client = app.GetTestClient();
        var page = await client.GetAsync("/ops/batch");
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        html.Should().Contain("href=\"/ops/batch/executions\"").And.Contain("href=\"/ops/batch/jobs/quick\"").And.Contain("src=\"/ops/batch/assets/dashboard.js\"");
        (await client.GetAsync("/batch")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task The_returned_builder_applies_conventions_to_every_dashboard_endpoint()
    {
        await using var app = await StartAsync(endpoints => endpoints.MapBatchDashboard().RequireHost("ops.example"));
        var client = app.GetTestClient();
        (await client.GetAsync("/batch/executions")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/batch/executions");
        request.Headers.Host = "ops.example";
        (await client.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task Actions_enabled_without_a_key_or_a_policy_fail_at_mapping_with_a_message()
    {
        var act = async () => await StartAsync(endpoints => endpoints.MapBatchDashboard(), o => o.EnableActions = true);
        (await act.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*EnableActions = true but neither an AccessKey nor an AuthorizationPolicy*");
    }

    [Test]
    public async Task Mapping_without_AddBatchDashboard_says_what_to_call()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddBatch();
        await using var app = builder.Build();
        var act = () => app.MapBatchDashboard();
        act.Should().Throw<InvalidOperationException>().WithMessage("*services.AddBatchDashboard()*");
    }

    [Test]
    public async Task An_authorization_policy_allows_actions_for_users_it_accepts()
    {
        await using var app = await StartAsync(endpoints => endpoints.MapBatchDashboard(), o =>
        {
            o.EnableActions = true;
            o.AuthorizationPolicy = "operators";
        }, services => services.AddAuthorization(a => a.AddPolicy("operators", p => p.RequireAssertion(c => c.User.Identity?.IsAuthenticated == true))));
        var client = app.GetTestClient();
        var page = await client.GetAsync("/batch/jobs/quick");
        var html = await page.Content.ReadAsStringAsync();
        html.Should().Contain("data-action=\"next\"").And.NotContain("name=\"key\"");
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var cookie = page.Headers.GetValues("Set-Cookie").First().Split(';')[0];
        using var post = new HttpRequestMessage(HttpMethod.Post, "/batch/jobs/quick/next")
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]),
        };
        post.Headers.Add("Cookie", cookie);
        var refused = await client.SendAsync(post);
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await refused.Content.ReadAsStringAsync()).Should().Contain("the dashboard&#x27;s policy &#x27;operators&#x27; refused you");
    }

    [Test]
    public async Task A_user_the_policy_accepts_acts_through_the_form_without_a_key()
    {
        await using var app = await StartAsync(endpoints => endpoints.MapBatchDashboard(), o =>
        {
            o.EnableActions = true;
            o.AuthorizationPolicy = "operators";
        }, services => services.AddAuthorization(a => a.AddPolicy("operators", p => p.RequireClaim("role", "batch-operator"))),
        signedIn: new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new("role", "batch-operator"), new("name", "night-shift")], "test", "name", "role")));
        var client = app.GetTestClient();
        var page = await client.GetAsync("/batch/jobs/quick");
        var html = await page.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var cookie = page.Headers.GetValues("Set-Cookie").First().Split(';')[0];
        using var post = new HttpRequestMessage(HttpMethod.Post, "/batch/jobs/quick/next")
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]),
        };
        post.Headers.Add("Cookie", cookie);
        var done = await client.SendAsync(post);
        done.StatusCode.Should().Be(HttpStatusCode.SeeOther);
        done.Headers.Location!.ToString().Should().StartWith("/batch/jobs/quick?message=");
        var explorer = app.Services.GetRequiredService<IJobExplorer>();
        await Conditions.WaitUntilAsync(
            async () => (await explorer.FindJobExecutionsAsync(new JobExecutionQuery { JobName = TestJobs.Quick, Status = BatchStatus.Completed }, 0, 1, CancellationToken.None)).Count == 1,
            "the run launched by the signed-in operator completed");
    }

    private static async Task<WebApplication> StartAsync(
        Action<WebApplication> map, Action<BatchDashboardOptions>? configure = null, Action<IServiceCollection>? services = null,
        System.Security.Claims.ClaimsPrincipal? signedIn = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddBatch(batch => batch.AddJob(TestJobs.CreateQuick()));
        builder.Services.AddBatchDashboard(configure);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        try
        {
            if (signedIn is not null)
            {
                // Stands in for the application's authentication middleware.
                app.Use((context, next) =>
                {
                    context.User = signedIn;
                    return next(context);
                });
            }

            map(app);
            await app.StartAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }
}
