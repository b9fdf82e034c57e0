using Microsoft.Extensions.Time.Testing;

namespace Batch.Core.Tests.Support;

/// <summary>Drives a <see cref="FakeTimeProvider"/> while a run is in flight.</summary>
internal static class FakeClock
{
    /// <summary>Advances the clock in steps until the task ends (bounded: it gives up after 500 steps).</summary>
    public static async Task<T> AdvanceUntilDoneAsync<T>(this FakeTimeProvider time, Task<T> run, TimeSpan step)
    {
        for (var i = 0; i < 500 && !run.IsCompleted; i++)
        {
            time.Advance(step);
            await Task.WhenAny(run, Task.Delay(10));
        }

        return await run;
    }

    /// <summary>Waits (really, briefly) until a condition holds, for at most five seconds.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        condition().Should().BeTrue("the run should have got there within five seconds");
    }
}
