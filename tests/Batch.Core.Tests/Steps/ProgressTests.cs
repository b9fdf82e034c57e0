using System.Globalization;
using System.Text.RegularExpressions;
using Batch.Core.Tests.Support;
using Batch.Hosting;
using Batch.Items;
using Batch.Jobs;
using Batch.Launch;
using Batch.Steps;
using Microsoft.Extensions.Time.Testing;

namespace Batch.Core.Tests.Steps;

/// <summary>The progress log (seed 002): items, percent, rate and the projected end, on the job's clock; the start's projection from history.</summary>
public partial class ProgressTests : LauncherFixture
{
    private const int Items = 10_000;
    private static readonly TimeSpan PerItem = TimeSpan.FromMilliseconds(10);

    private FakeTimeProvider _clock = null!;
    private LogCapture _logs = null!;
    private JobLauncher _launcher = null!;

    [SetUp]
    public void CreateClock()
    {
        _clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-02T01:00:00Z", CultureInfo.InvariantCulture));
        _logs = new LogCapture();
        _launcher = new JobLauncher(Repository, _clock, _logs, options: new BatchOptions { ProgressInterval = TimeSpan.FromSeconds(10) });
    }

    [TearDown]
    public void DisposeLogs() => _logs.Dispose();

    [Test]
    public async Task A_step_at_a_steady_rate_projects_its_end_within_ten_percent_at_every_interval()
    {
        var started = _clock.GetUtcNow();

        var execution = await _launcher.RunAsync(SteadyJob(b => b.ExpectedItems(_ => Items)), JobParameters.Parse("run:long=1"), CancellationToken.None);

        execution.Status.Should().Be(BatchStatus.Completed);
        var end = execution.StepExecutions.Single().EndTime!.Value;
        var lines = Progress().ToList();
        lines.Should().HaveCountGreaterThanOrEqualTo(9, "a 100 s step logs every 10 s");
        foreach (var line in lines)
        {
            var eta = EtaOf(line);
            Math.Abs((eta - end).TotalSeconds).Should().BeLessThanOrEqualTo(0.1 * (end - started).TotalSeconds, line);
            line.Should().MatchRegex(@"\d+ of 10000 items \(\d+\.\d %\), [\d.]+ items/s");
        }
    }

    [Test]
    public async Task At_start_a_step_projects_its_end_from_the_rate_of_its_earlier_completed_executions()
    {
        await _launcher.RunAsync(SteadyJob(b => b.ExpectedItems(_ => Items)), JobParameters.Parse("run:long=1"), CancellationToken.None);
        var firstStart = _logs.In(BatchLogCategories.Progress).Single(e => e.Message.Contains("started", StringComparison.Ordinal)).Message;
        var secondStarted = _clock.GetUtcNow();

        var second = await _launcher.RunAsync(SteadyJob(b => b.ExpectedItems(_ => Items)), JobParameters.Parse("run:long=2"), CancellationToken.None);

        firstStart.Should().Contain("no earlier completed run");
        var start = _logs.In(BatchLogCategories.Progress).Where(e => e.Message.Contains("started", StringComparison.Ordinal)).Last().Message;
        start.Should().Contain("10000 items to do").And.Contain("earlier completed runs of the step went at 100 items/s");
        var end = second.StepExecutions.Single().EndTime!.Value;
        Math.Abs((EtaOf(start) - end).TotalSeconds).Should().BeLessThanOrEqualTo(0.1 * (end - secondStarted).TotalSeconds, start);
    }

    [Test]
    public async Task A_reader_that_counts_gives_the_total_and_a_step_without_a_total_logs_items_and_rate()
    {
        var counted = await _launcher.RunAsync(SteadyJob(b => { }, new CountingReader(Items)), JobParameters.Parse("run:long=1"), CancellationToken.None);
        var countedLines = Progress().ToList();
        _logs.Dispose();
        _logs = new LogCapture();
        _launcher = new JobLauncher(Repository, _clock, _logs, options: new BatchOptions { ProgressInterval = TimeSpan.FromSeconds(10) });

        await _launcher.RunAsync(SteadyJob(b => { }), JobParameters.Parse("run:long=2"), CancellationToken.None);

        counted.Status.Should().Be(BatchStatus.Completed);
        countedLines.Should().NotBeEmpty().And.OnlyContain(l => l.Contains("of 10000 items", StringComparison.Ordinal));
        Progress().Should().NotBeEmpty().And.OnlyContain(l => l.Contains("its total is not known", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_progress_interval_of_infinity_turns_the_log_off()
    {
        await _launcher.RunAsync(SteadyJob(b => b.ExpectedItems(_ => Items).ProgressInterval(Timeout.InfiniteTimeSpan)), JobParameters.Parse("run:long=1"), CancellationToken.None);

        _logs.In(BatchLogCategories.Progress).Should().BeEmpty();
    }

    private static DateTimeOffset EtaOf(string line) =>
        DateTimeOffset.Parse(EtaPattern().Match(line).Groups[1].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    [GeneratedRegex(@"ends about (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")]
    private static partial Regex EtaPattern();

    private IEnumerable<string> Progress() =>
        _logs.In(BatchLogCategories.Progress).Select(e => e.Message).Where(m => !m.Contains("started", StringComparison.Ordinal));

    /// <summary>10,000 numbers in chunks of 10, each taking 10 ms of the fake clock: 100 items/s, 100 s in all.</summary>
    private SimpleJob SteadyJob(Action<ChunkStepBuilder<int, int>> configure, IItemReader<int>? reader = null)
    {
        var builder = new StepBuilder("load").Chunk<int, int>(10)
            .Reader(_ => reader ?? new NumberReader(Items))
            .Processor((n, _) =>
            {
                _clock.Advance(PerItem);
                return ValueTask.FromResult(ItemResult<int>.Of(n));
            })
            .Writer(_ => new AtomicWriter());
        configure(builder);
        return new JobBuilder("steady").Start(builder.Build()).Build();
    }

    private sealed class CountingReader(int count) : IItemReader<int>, IItemCountable
    {
        private int _next;

        public ValueTask<ItemResult<int>> ReadAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult(_next < count ? ItemResult<int>.Of(++_next) : ItemResult<int>.None);

        public ValueTask<long?> CountItemsAsync(CancellationToken cancellationToken) => ValueTask.FromResult<long?>(count);
    }
}
