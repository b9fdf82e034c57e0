using Batch.Hosting;
using Batch.Infrastructure.CrashHost;
using Batch.Items;
using Batch.Launch;
using Microsoft.Extensions.Logging;

namespace Batch.Infrastructure.Tests.Repository;

/// <summary>
/// A PostgreSQL server that goes away in the middle of a run (<c>pg_ctl -m fast stop</c>) and comes back: the job's end is
/// saved once it is back, so the execution ends FAILED (restartable), not a dead STARTED, and a restart resumes from the last
/// committed chunk. The server is a throw-away cluster of this fixture's own, so no other test sees it stop. Nothing here
/// depends on timing: the job waits at a barrier the test opens, and every wait is for a condition, with generous limits.
/// </summary>
[NonParallelizable]
public sealed class DatabaseOutageTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(3);

    [Test]
    public async Task A_server_stopped_and_restarted_mid_run_leaves_the_execution_FAILED_and_a_restart_resumes_from_the_last_committed_chunk()
    {
        await using var cluster = await PostgresCluster.StartAsync(own: true);
        var provider = new Provider("postgres", await cluster.CreateDatabaseAsync("outage"));
        var reads = provider with { ConnectionString = provider.ConnectionString + ";Pooling=false" }; // the test's own, never a dead pooled one
        await ItemTable.CreateAsync(reads);
        await using var repository = provider.CreateRepository();
        using var logs = new RetrySignal();
        var launcher = new JobLauncher(repository, loggerFactory: logs, options: new BatchOptions { FinalStatusRetryFor = TimeSpan.FromMinutes(5) });

        // First run: 100 items in chunks of 10; the writer of the fourth chunk (items 31-40) waits for the test.
        var writer = new BarrierWriter(new ItemTable.Writer(), blockAtItem: 31);
        var run = Task.Run(() => launcher.RunAsync(new NumbersJob("numbers", 100, 10, writer).Job, JobParameters.Empty, CancellationToken.None));
        await writer.Blocked.Task.WaitAsync(Generous);

        await cluster.StopServerAsync();
        writer.Release.SetResult();
        var retry = await logs.FirstRetry.Task.WaitAsync(Generous);
        await cluster.StartServerAsync();
        var failed = await run.WaitAsync(Generous);

        retry.Should().Contain("Could not save the end of step 'load' (FAILED)");
        failed.Status.Should().Be(BatchStatus.Failed);
        await using (var explorer = provider.CreateRepository())
        {
            var stored = await explorer.GetJobExecutionAsync(failed.Id, CancellationToken.None);
            stored!.Status.Should().Be(BatchStatus.Failed, "the end was saved once the server was back, not left STARTED");
            stored.EndTime.Should().NotBeNull();
            var step = stored.StepExecutions.Single();
            step.Status.Should().Be(BatchStatus.Failed);
            step.WriteCount.Should().Be(30, "three chunks committed before the server went away");
        }

        (await ItemTable.SummaryAsync(reads)).Should().Be((30L, 30L, 1L, 30L));
        logs.Messages.Should().Contain(m => m.StartsWith("Saved the end of step 'load'", StringComparison.Ordinal));

        // The restart (a FAILED execution is restartable) resumes at item 31 and writes every item exactly once.
        var numbers = new NumbersJob("numbers", 100, 10, new ItemTable.Writer());
        var restarted = await launcher.RunAsync(numbers.Job, JobParameters.Empty, CancellationToken.None).WaitAsync(Generous);

        restarted.Status.Should().Be(BatchStatus.Completed);
        restarted.Id.Should().NotBe(failed.Id);
        numbers.FirstItem.Should().Be(31);
        restarted.StepExecutions.Single().ReadCount.Should().Be(70);
        (await ItemTable.SummaryAsync(reads)).Should().Be((100L, 100L, 1L, 100L));
    }

    /// <summary>Writes through another writer, but waits at the chunk that starts with <c>blockAtItem</c> until the test releases it (once).</summary>
    private sealed class BarrierWriter(IItemWriter<int> inner, int blockAtItem) : IItemWriter<int>
    {
        private bool _armed = true;

        public TaskCompletionSource Blocked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask WriteAsync(Chunk<int> chunk, CancellationToken cancellationToken)
        {
            if (_armed && chunk[0] == blockAtItem)
            {
                _armed = false;
                Blocked.SetResult();
                await Release.Task;
            }

            await inner.WriteAsync(chunk, cancellationToken);
        }
    }

    /// <summary>Keeps the engine's messages and completes <see cref="FirstRetry"/> with the first warning that a save is retried.</summary>
    private sealed class RetrySignal : ILoggerFactory, ILogger
    {
        private readonly List<string> _messages = [];

        public TaskCompletionSource<string> FirstRetry { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_messages)
                {
                    return [.. _messages];
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => this;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            lock (_messages)
            {
                _messages.Add(message);
            }

            if (logLevel == LogLevel.Warning && message.StartsWith("Could not save", StringComparison.Ordinal))
            {
                FirstRetry.TrySetResult(message);
            }
        }

        public void Dispose()
        {
        }
    }
}
