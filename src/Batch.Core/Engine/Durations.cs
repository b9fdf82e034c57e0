using System.Globalization;

namespace Batch.Engine;

/// <summary>Writes durations the way an operator reads them in a message.</summary>
internal static class Durations
{
    /// <summary><c>250 ms</c>, <c>60 s</c>, <c>00:02:00</c> (whole seconds up to two minutes read better as seconds).</summary>
    public static string Describe(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1))
        {
            return duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms";
        }

        if (duration <= TimeSpan.FromSeconds(90) && duration.Ticks % TimeSpan.TicksPerSecond == 0)
        {
            return duration.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s";
        }

        return duration.ToString("c", CultureInfo.InvariantCulture);
    }
}
