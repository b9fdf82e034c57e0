using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Batch.Core.Tests.Support;
using Batch.Diagnostics;
using Batch.Items;

namespace Batch.Core.Tests.Diagnostics;

/// <summary>The metrics and traces of <see cref="BatchTelemetry"/>: documented names, committed counts, job → step → chunk nesting.</summary>
public class TelemetryTests : LauncherFixture
{
    [Test]
    public async Task The_meter_reports_committed_items_when_collected_and_durations_and_active_executions_under_the_documented_names()
    {
        var jobName = "metrics-" + Guid.NewGuid().ToString("N");
        var measurements = new ConcurrentBag<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == BatchTelemetry.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            if (Equals(copy.GetValueOrDefault(BatchTelemetry.JobNameTag), jobName))
            {
                measurements.Add((instrument.Name, value, copy));
            }
        }

        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();
        var writer = new AtomicWriter { Poisoned = { 17 } };
        var job = ChunkJobs.Numbers(
            new NumberReader(25) { Malformed = { 4 } },
            writer,
            chunkSize: 10,
            faultTolerance: ft => ft.Skip<MalformedItemException>().Skip<PoisonedItemException>(),
            processor: (n, _) => ValueTask.FromResult(n % 5 == 0 ? ItemResult<int>.None : ItemResult<int>.Of(n)),
            name: jobName);

        var execution = await RunAsync(job);

        execution.Status.Should().Be(BatchStatus.Completed);
        measurements.Should().NotContain(m => m.Instrument.StartsWith("batch.item.", StringComparison.Ordinal), "item counts are observed when collected, not added per chunk");
        listener.RecordObservableInstruments();
        double Sum(string name) => measurements.Where(m => m.Instrument == name).Sum(m => m.Value);
        Sum("batch.item.read").Should().Be(24, "25 lines, one malformed");
        Sum("batch.item.filter").Should().Be(5);
        Sum("batch.item.write").Should().Be(18, "24 read, 5 filtered, 17 skipped in the write");
        measurements.Where(m => m.Instrument == "batch.item.skip").Select(m => ((string)m.Tags[BatchTelemetry.SkipPhaseTag]!, m.Value))
            .Should().BeEquivalentTo([("read", 1.0), ("write", 1.0)]);
        measurements.Where(m => m.Instrument == "batch.job").Should().ContainSingle()
            .Which.Tags[BatchTelemetry.StatusTag].Should().Be("COMPLETED");
        measurements.Where(m => m.Instrument == "batch.step").Should().ContainSingle()
            .Which.Tags[BatchTelemetry.StepNameTag].Should().Be("load");
        measurements.Count(m => m.Instrument == "batch.chunk").Should().Be(3);
        measurements.Count(m => m.Instrument == "batch.chunk.commit").Should().BeGreaterThanOrEqualTo(3);
        Sum("batch.job.active").Should().Be(0, "up when the job starts, down when it ends");
        measurements.Count(m => m.Instrument == "batch.job.active").Should().Be(2);
        Sum("batch.step.active").Should().Be(0);
    }

    [Test]
    public async Task Activities_nest_job_then_step_then_chunk_and_a_failed_step_is_an_error()
    {
        var jobName = "traces-" + Guid.NewGuid().ToString("N");
        var activities = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == BatchTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var writer = new AtomicWriter { Poisoned = { 27 } };

        var execution = await RunAsync(ChunkJobs.Numbers(new NumberReader(30), writer, chunkSize: 10, name: jobName));

        execution.Status.Should().Be(BatchStatus.Failed);
        var job = activities.Should().ContainSingle(a => a.OperationName == "batch.job" && Equals(a.GetTagItem(BatchTelemetry.JobNameTag), jobName)).Which;
        var step = activities.Should().ContainSingle(a => a.OperationName == "batch.step" && a.ParentSpanId == job.SpanId).Which;
        step.GetTagItem(BatchTelemetry.StepNameTag).Should().Be("load");
        var chunks = activities.Where(a => a.OperationName == "batch.chunk" && a.ParentSpanId == step.SpanId).ToList();
        chunks.Should().HaveCount(3);
        chunks.Count(c => c.Status == ActivityStatusCode.Error).Should().Be(1, "the third chunk rolled back");
        step.Status.Should().Be(ActivityStatusCode.Error);
        job.Status.Should().Be(ActivityStatusCode.Error);
        job.GetTagItem(BatchTelemetry.JobExecutionIdTag).Should().Be(execution.Id);
    }
}
