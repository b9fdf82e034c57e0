using Batch.Dashboard.Hosting;
using Batch.Jobs;
using Batch.Launch;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Batch.Dashboard.Tests.Support;

/// <summary>
/// A Batch application (a generic host with its jobs, on an in-memory or SQLite repository) and the standalone dashboard over it,
/// on a real Kestrel at 127.0.0.1 and a free port.
/// </summary>
public sealed class DashboardApp : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly RunningBatchDashboard _server;

    private DashboardApp(IHost host, RunningBatchDashboard server)
    {
        _host = host;
        _server = server;
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.DashboardUri };
    }

    public IServiceProvider Services => _host.Services;

    public IJobExplorer Explorer => Services.GetRequiredService<IJobExplorer>();

    public IJobOperator Operator => Services.GetRequiredService<IJobOperator>();

    public Uri Root => _server.DashboardUri;

    public HttpClient Http { get; }

    public string Url(string relative) => new Uri(Root, relative.TrimStart('/')).ToString();

    public static async Task<DashboardApp> StartAsync(IEnumerable<IJob> jobs, Action<BatchDashboardOptions>? dashboard = null, string? sqlitePath = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddBatch(batch =>
        {
            if (sqlitePath is not null)
            {
                batch.UseSqlite(sqlitePath);
            }

            foreach (var job in jobs)
            {
                batch.AddJob(job);
            }
        });
        var host = builder.Build();
        var server = await BatchDashboardServer.StartAsync(host.Services, new BatchDashboardServerOptions
        {
            Urls = "http://127.0.0.1:0",
            Dashboard = o =>
            {
                o.RefreshInterval = TimeSpan.FromMilliseconds(200);
                dashboard?.Invoke(o);
            },
        }, CancellationToken.None);
        return new DashboardApp(host, server);
    }

    /// <summary>Starts a run of a job in the background (it runs to its end); the task ends with the execution.</summary>
    public Task<JobExecution> RunInBackground(string job, JobParameters? parameters = null) =>
        Task.Run(() => Operator.StartNextInstanceAsync(job, parameters, CancellationToken.None));

    /// <summary>Waits until the job has a running execution whose step "read" has committed at least <paramref name="items"/> items.</summary>
    public async Task<JobExecution> WaitForReadAsync(string job, long items)
    {
        JobExecution? found = null;
        await Conditions.WaitUntilAsync(async () =>
        {
            foreach (var running in await Explorer.GetRunningJobExecutionsAsync(job, CancellationToken.None))
            {
                var loaded = await Explorer.GetJobExecutionAsync(running.Id, CancellationToken.None);
                if (loaded?.StepExecutions.FirstOrDefault(s => s.StepName == "read") is { } step && step.ReadCount >= items)
                {
                    found = loaded;
                    return true;
                }
            }

            return false;
        }, $"a running execution of '{job}' with {items} items read");
        return found!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _server.DisposeAsync();
        _host.Dispose();
    }
}
