using System.Globalization;

namespace Batch.Launch;

/// <summary>How the operator and the launcher judge whether an execution's process is alive: by its latest heartbeat.</summary>
internal static class Heartbeats
{
    /// <summary>
    /// The latest sign of life of an execution: the LAST_UPDATED of it and of its steps (every chunk commit, every save and the
    /// launcher's heartbeat refresh one of them), else its start or creation.
    /// </summary>
    public static DateTimeOffset Latest(JobExecution execution) =>
        execution.StepExecutions.Select(s => s.LastUpdated)
            .Append(execution.LastUpdated).Append(execution.StartTime).Append(execution.CreateTime).Max() ?? execution.CreateTime;

    /// <summary>A whole-second age as an operator reads it: <c>42 s</c>, <c>25 min 3 s</c>, <c>2 h 5 min</c>, <c>3 d 4 h</c>.</summary>
    public static string Describe(TimeSpan age)
    {
        age = age < TimeSpan.Zero ? TimeSpan.Zero : age;
        return age switch
        {
            { TotalDays: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{(long)age.TotalDays} d {age.Hours} h"),
            { TotalHours: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{age.Hours} h {age.Minutes} min"),
            { TotalMinutes: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{age.Minutes} min {age.Seconds} s"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{age.Seconds} s"),
        };
    }
}
