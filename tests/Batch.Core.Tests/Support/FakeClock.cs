using Microsoft.Extensions.Time.Testing;

namespace Batch.Core.Tests.Support;

/// <summary>Drives a <see cref="FakeTimeProvider"/> while a run is in flight.</summary>
internal static class FakeClock
{
    /// <summary>A limit on waits for a condition, generous so that a busy machine never reaches it; never asserted on.</summary>
    public static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Advances the clock in steps until the task ends, however long the machine takes to run it (bounded only by
    /// <see cref="Generous"/> of real time, so that a run that never ends fails instead of hanging).
    /// </summary>
    public static async Task<T> AdvanceUntilDoneAsync<T>(this FakeTimeProvider time, Task<T> run, TimeSpan step)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!run.IsCompleted && waited.Elapsed < Generous)
        {
            time.Advance(step);
            await Task.WhenAny(run, Task.Delay(10));
        }

        return await run.WaitAsync(TimeSpan.FromSeconds(1));
    }

    /// <summary>Waits until a condition holds (polled), for at most <see cref="Generous"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition() && waited.Elapsed < Generous)
        {
            await Task.Delay(10);
        }

        condition().Should().BeTrue("the run should get there");
    }
}
