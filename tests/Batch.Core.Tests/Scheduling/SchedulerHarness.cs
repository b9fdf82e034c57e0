using Batch.Core.Tests.Support;
using Batch.Hosting;
using Batch.Jobs;
using Batch.Scheduling;
using Batch.Steps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Batch.Core.Tests.Scheduling;

/// <summary>
/// A <see cref="JobScheduler"/> from <c>AddBatch</c> on a fake clock and the in-memory repository, with captured logs and the
/// scheduler's signals (an entry starts waiting for an occurrence; an occurrence was handled), so tests wait on conditions, never on time.
/// </summary>
internal sealed class SchedulerHarness : IAsyncDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly List<(int Entry, DateTimeOffset Occurrence)> _waiting = [];
    private readonly List<(int Entry, DateTimeOffset Occurrence)> _handled = [];
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    public SchedulerHarness(DateTimeOffset start, Action<BatchBuilder> configure)
    {
        Clock = new FakeTimeProvider(start);
        Services = new ServiceCollection()
            .AddSingleton<TimeProvider>(Clock)
            .AddSingleton<ILoggerFactory>(Logs)
            .AddBatch(configure)
            .BuildServiceProvider();
    }

    public FakeTimeProvider Clock { get; }

    public LogCapture Logs { get; } = new();

    public ServiceProvider Services { get; }

    public JobScheduler Scheduler => Services.GetRequiredService<JobScheduler>();

    public IJobExplorer Explorer => Services.GetRequiredService<IJobExplorer>();

    public IReadOnlyList<DateTimeOffset> Handled
    {
        get
        {
            lock (_handled)
            {
                return [.. _handled.Select(h => h.Occurrence)];
            }
        }
    }

    /// <summary>The scheduler's messages.</summary>
    public IReadOnlyList<string> Lines => [.. Logs.In(BatchLogCategories.Schedule).Select(e => e.Message)];

    /// <summary>A job with a run-id incrementer and one tasklet calling <paramref name="work"/>.</summary>
    public static IJob Job(string name, Func<TaskletContext, CancellationToken, ValueTask>? work = null) =>
        new JobBuilder(name)
            .Incrementer(new RunIdIncrementer())
            .Start(new StepBuilder("work").Tasklet(async (ctx, ct) =>
            {
                if (work is not null)
                {
                    await work(ctx, ct);
                }

                return RepeatStatus.Finished;
            }).Build())
            .Build();

    public void Start()
    {
        var scheduler = Scheduler;
        scheduler.Waiting = (entry, occurrence) => Record(_waiting, entry, occurrence);
        scheduler.Handled = (entry, occurrence) => Record(_handled, entry, occurrence);
        _run = scheduler.RunAsync(_stop.Token);
    }

    public Task UntilWaitingForAsync(DateTimeOffset occurrence) =>
        UntilAsync(() => Contains(_waiting, occurrence), $"the scheduler to wait for {occurrence:O}");

    public Task UntilHandledAsync(DateTimeOffset occurrence) =>
        UntilAsync(() => Contains(_handled, occurrence), $"the occurrence {occurrence:O} to be handled");

    /// <summary>Waits until <paramref name="condition"/> holds, re-checked at each signal of the scheduler, for at most a generous limit.</summary>
    public async Task UntilAsync(Func<bool> condition, string what)
    {
        while (!condition())
        {
            if (_run is { IsFaulted: true })
            {
                await _run;
            }

            if (!await _signal.WaitAsync(Limit))
            {
                Assert.Fail($"Waited {Limit.TotalSeconds} s for {what}; the scheduler said:\n{string.Join("\n", Lines)}");
            }
        }
    }

    /// <summary>Every execution of the job, oldest first.</summary>
    public async Task<List<JobExecution>> ExecutionsAsync(string jobName)
    {
        var executions = new List<JobExecution>();
        foreach (var instance in await Explorer.GetJobInstancesAsync(jobName, 0, 1000, CancellationToken.None))
        {
            executions.AddRange(await Explorer.GetJobExecutionsAsync(instance, CancellationToken.None));
        }

        return [.. executions.OrderBy(e => e.Id)];
    }

    /// <summary>Stops the scheduler and waits for it.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run.WaitAsync(Limit);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Services.DisposeAsync();
        _stop.Dispose();
        _signal.Dispose();
    }

    private static bool Contains(List<(int Entry, DateTimeOffset Occurrence)> list, DateTimeOffset occurrence)
    {
        lock (list)
        {
            return list.Exists(e => e.Occurrence == occurrence);
        }
    }

    private void Record(List<(int Entry, DateTimeOffset Occurrence)> list, int entry, DateTimeOffset occurrence)
    {
        lock (list)
        {
            list.Add((entry, occurrence));
        }

        _signal.Release();
    }
}
