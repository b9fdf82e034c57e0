using System.Globalization;
using System.Text.Json.Nodes;

namespace Batch.Hosting.CommandLine;

/// <summary>A job execution as the commands print it: lines for people, or a JSON object for scripts.</summary>
internal static class ExecutionOutput
{
    public static async Task WriteTextAsync(JobExecution execution, TextWriter output)
    {
        var elapsed = execution.EndTime - execution.StartTime;
        var took = elapsed is { } e ? string.Create(CultureInfo.InvariantCulture, $", {e.TotalSeconds:0.###} s") : string.Empty;
        var parameters = execution.JobParameters.IsEmpty ? string.Empty : $", parameters [{execution.JobParameters}]";
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Job '{execution.JobName}' execution {execution.Id} (instance {execution.JobInstance.Id}) {execution.Status.ToCode()}, exit {execution.ExitStatus.ExitCode}{took}{parameters}")).ConfigureAwait(false);
        foreach (var step in execution.StepExecutions)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  step '{step.StepName}' {step.Status.ToCode()}: read {step.ReadCount}, written {step.WriteCount}, filtered {step.FilterCount}, " +
                $"skipped {step.SkipCount}, commits {step.CommitCount}, rollbacks {step.RollbackCount}{StepCounters.Describe(step.Counters)}")).ConfigureAwait(false);
        }

        if (execution.Status != BatchStatus.Completed && execution.ExitStatus.ExitDescription.Length > 0)
        {
            var firstLine = execution.ExitStatus.ExitDescription.Split('\n')[0].Trim();
            await output.WriteLineAsync("  reason: " + firstLine).ConfigureAwait(false);
        }
    }

    /// <summary>One line of <c>list</c>.</summary>
    public static string ListLine(JobExecution execution) => string.Create(CultureInfo.InvariantCulture,
        $"  {execution.Id,6}  {execution.JobName}  instance {execution.JobInstance.Id}  {execution.Status.ToCode(),-9}  {execution.StartTime:u}  [{execution.JobParameters}]");

    /// <summary>The execution with its parameters, its steps and their counts, and its exit status; <paramref name="steps"/> false leaves the steps out.</summary>
    public static JsonObject ToJson(JobExecution execution, bool steps = true)
    {
        var json = new JsonObject
        {
            ["id"] = execution.Id,
            ["job"] = execution.JobName,
            ["instance"] = execution.JobInstance.Id,
            ["status"] = execution.Status.ToCode(),
            ["exitCode"] = execution.ExitStatus.ExitCode,
            ["exitDescription"] = execution.ExitStatus.ExitDescription,
            ["createTime"] = execution.CreateTime,
            ["startTime"] = execution.StartTime,
            ["endTime"] = execution.EndTime,
            ["lastUpdated"] = execution.LastUpdated,
            ["durationSeconds"] = execution.EndTime - execution.StartTime is { } took ? took.TotalSeconds : null,
            ["parameters"] = Parameters(execution.JobParameters),
        };
        if (steps)
        {
            var array = new JsonArray();
            foreach (var step in execution.StepExecutions)
            {
                array.Add(new JsonObject
                {
                    ["id"] = step.Id,
                    ["name"] = step.StepName,
                    ["status"] = step.Status.ToCode(),
                    ["exitCode"] = step.ExitStatus.ExitCode,
                    ["exitDescription"] = step.ExitStatus.ExitDescription,
                    ["startTime"] = step.StartTime,
                    ["endTime"] = step.EndTime,
                    ["read"] = step.ReadCount,
                    ["written"] = step.WriteCount,
                    ["filtered"] = step.FilterCount,
                    ["readSkipped"] = step.ReadSkipCount,
                    ["processSkipped"] = step.ProcessSkipCount,
                    ["writeSkipped"] = step.WriteSkipCount,
                    ["commits"] = step.CommitCount,
                    ["rollbacks"] = step.RollbackCount,
                    ["counters"] = Counters(step.Counters),
                });
            }

            json["steps"] = array;
        }

        return json;
    }

    private static JsonObject Counters(IReadOnlyDictionary<string, long> counters)
    {
        var json = new JsonObject();
        foreach (var (name, count) in counters)
        {
            json[name] = count;
        }

        return json;
    }

    private static JsonObject Parameters(JobParameters parameters)
    {
        var json = new JsonObject();
        foreach (var (name, parameter) in parameters)
        {
            json[name] = new JsonObject
            {
                ["value"] = parameter.ValueText(),
                ["type"] = JobParameter.TypeName(parameter.Type),
                ["identifying"] = parameter.Identifying,
            };
        }

        return json;
    }
}
