using System.Diagnostics;
using System.Diagnostics.Metrics;
using Batch.Diagnostics;

namespace Batch.Benchmarks.Workloads;

/// <summary>
/// Listens to every instrument and activity of Batch (and of <see cref="TelemetryFloor"/>) while a run lasts, as an OpenTelemetry collector
/// would (the values are summed, the activities counted).
/// </summary>
internal static class TelemetryListeners
{
    public static async Task WhileListeningAsync(Func<Task> run)
    {
        double sum = 0;
        long activities = 0;
        using var meters = new MeterListener();
        meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name is BatchTelemetry.Name or TelemetryFloor.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meters.SetMeasurementEventCallback<long>((_, value, _, _) => sum += value);
        meters.SetMeasurementEventCallback<double>((_, value, _, _) => sum += value);
        meters.Start();
        using var traces = new ActivityListener
        {
            ShouldListenTo = source => source.Name is BatchTelemetry.Name or TelemetryFloor.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _ => Interlocked.Increment(ref activities),
        };
        ActivitySource.AddActivityListener(traces);
        await run();
        meters.RecordObservableInstruments(); // a collector reads the observable item counters at its interval
        if (activities == 0 || sum == 0)
        {
            throw new InvalidOperationException("The telemetry listeners saw nothing: the workload would measure nothing.");
        }
    }
}
