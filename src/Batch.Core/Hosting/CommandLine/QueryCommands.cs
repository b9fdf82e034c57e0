using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Batch.Hosting.CommandLine;

/// <summary>The commands that only read the job repository: <c>show</c> and <c>list</c>.</summary>
internal static class QueryCommands
{
    private static readonly string[] Statuses = ["STARTING", "STARTED", "STOPPING", "STOPPED", "FAILED", "COMPLETED", "ABANDONED", "UNKNOWN"];

    public static IEnumerable<Command> Create(CommandSession session)
    {
        yield return Show(session);
        yield return List(session);
    }

    private static Command Show(CommandSession session)
    {
        var id = CommandArguments.ExecutionId();
        var command = new Command("show", "Shows one execution: its status, parameters, steps with their counts, and why it failed.") { id };
        command.SetAction(async (result, cancellationToken) =>
        {
            var executionId = result.GetValue(id);
            var execution = await session.Explorer.GetJobExecutionAsync(executionId, cancellationToken).ConfigureAwait(false)
                ?? throw new NoSuchJobExecutionException(string.Create(CultureInfo.InvariantCulture,
                    $"There is no job execution with id {executionId}; 'list' shows the recent ones."));
            if (session.WantsJson(result))
            {
                await session.WriteJsonAsync(ExecutionOutput.ToJson(execution)).ConfigureAwait(false);
            }
            else
            {
                await ExecutionOutput.WriteTextAsync(execution, session.Output).ConfigureAwait(false);
            }

            return BatchExitCodes.Completed;
        });
        return command;
    }

    private static Command List(CommandSession session)
    {
        var what = new Argument<string>("what")
        {
            Description = "What to list: jobs, instances or executions (the default).",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => "executions",
            CustomParser = result => CommandArguments.OneOf(result, "something 'list' lists", ["jobs", "instances", "executions"]) ?? "executions",
        };
        var job = new Option<string[]>("--job") { Description = "Only this job (repeat for several).", HelpName = "name" };
        var status = new Option<string[]>("--status")
        {
            Description = "Only executions with this status (repeat for several): " + string.Join(", ", Statuses) + ".",
            HelpName = "status",
            CustomParser = result =>
            {
                return CommandArguments.OneOf(result, "a status", Statuses) is null ? [] : [.. result.Tokens.Select(t => t.Value.ToUpperInvariant())];
            },
        };
        var since = CommandArguments.Instant("--since", "Only executions created at or after this date (UTC).");
        var until = CommandArguments.Instant("--until", "Only executions created before this date (UTC; a date alone means that day's start).");
        var limit = new Option<int?>("--limit")
        {
            Description = "The newest instances to look at per job; with --status, --since or --until, the newest matching executions to list per job, found among all its executions (default: Batch:ListInstancesPerJob).",
            HelpName = "n",
        };
        limit.Validators.Add(r =>
        {
            if (r.Tokens is [var token] && !int.TryParse(token.Value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                r.AddError($"--limit must be a whole number from 1 to 100000, not '{token.Value}': write for example --limit 20.");
            }
            else if (r.GetValueOrDefault<int?>() is < 1 or > 100_000)
            {
                r.AddError("--limit must be from 1 to 100000: write for example --limit 20.");
            }
        });
        var command = new Command("list", "Lists the jobs, their newest instances, or their executions (the default), newest first; filters by job, status and date.")
        {
            what, job, status, since, until, limit,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var filter = new ListFilter(
                result.GetValue(job) is { Length: > 0 } jobs ? new HashSet<string>(jobs, StringComparer.Ordinal) : null,
                result.GetValue(status) is { Length: > 0 } codes ? new HashSet<BatchStatus>(codes.Select(BatchStatusExtensions.ParseCode)) : null,
                result.GetValue(since),
                result.GetValue(until),
                result.GetValue(limit) ?? session.Options.ListInstancesPerJob);
            var json = session.WantsJson(result);
            switch (result.GetValue(what))
            {
                case "jobs":
                    await ListJobsAsync(session, filter, json, cancellationToken).ConfigureAwait(false);
                    break;
                case "instances":
                    await ListInstancesAsync(session, filter, json, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await ListExecutionsAsync(session, filter, json, cancellationToken).ConfigureAwait(false);
                    break;
            }

            return BatchExitCodes.Completed;
        });
        return command;
    }

    /// <summary>
    /// The job names known to the application or the repository, filtered, in order. A <c>--job</c> name known to neither is
    /// refused (<see cref="NoSuchJobException"/>, exit code 2): a typo must not look like a job that never ran.
    /// </summary>
    private static async Task<List<string>> JobNamesAsync(CommandSession session, ListFilter filter, CancellationToken cancellationToken)
    {
        var stored = await session.Explorer.GetJobNamesAsync(cancellationToken).ConfigureAwait(false);
        var known = session.Operator.JobNames.Union(stored).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (filter.Jobs?.Where(name => !known.Contains(name, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToList() is { Count: > 0 } unknown)
        {
            throw new NoSuchJobException(
                $"No job named {string.Join(", ", unknown.Select(n => $"'{n}'"))} is registered in this application or has run in the repository; " +
                (known.Count == 0 ? "there are no jobs yet." : $"the jobs are: {string.Join(", ", known)}."));
        }

        return [.. known.Where(filter.IncludesJob)];
    }

    /// <summary>
    /// The newest instances of <paramref name="name"/> the filter's limit allows; a job with older ones is added to
    /// <paramref name="omitted"/> (one more instance is read to tell).
    /// </summary>
    private static async Task<IReadOnlyList<JobInstance>> InstancesAsync(
        CommandSession session, string name, ListFilter filter, List<string> omitted, CancellationToken cancellationToken)
    {
        var instances = await session.Explorer.GetJobInstancesAsync(name, 0, filter.Limit + 1, cancellationToken).ConfigureAwait(false);
        if (instances.Count <= filter.Limit)
        {
            return instances;
        }

        omitted.Add(name);
        return [.. instances.Take(filter.Limit)];
    }

    /// <summary>
    /// Ends a listing: with <c>--json</c> writes the document of <paramref name="rows"/> under <paramref name="property"/>; in both
    /// forms says which jobs have older instances than those listed (JSON: a property; text: a last line).
    /// </summary>
    private static async Task EndListingAsync(CommandSession session, ListFilter filter, bool json, string property, JsonArray rows, List<string> omitted, bool matching = false)
    {
        if (json)
        {
            var document = new JsonObject { [property] = rows };
            if (omitted.Count > 0)
            {
                document[matching ? "moreMatchingExecutionsNotListed" : "olderInstancesNotListed"] = new JsonArray([.. omitted.Select(n => (JsonNode?)n)]);
            }

            await session.WriteJsonAsync(document).ConfigureAwait(false);
        }
        else if (omitted.Count > 0 && matching)
        {
            await session.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"(only the newest {filter.Limit} matching executions per job are listed; {string.Join(", ", omitted)} {(omitted.Count == 1 ? "has" : "have")} more: --limit n lists more)"))
                .ConfigureAwait(false);
        }
        else if (omitted.Count > 0)
        {
            await session.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"(only the newest {filter.Limit} instances per job are looked at; {string.Join(", ", omitted)} {(omitted.Count == 1 ? "has" : "have")} older ones: --limit n looks at more)"))
                .ConfigureAwait(false);
        }
    }

    private static async Task ListJobsAsync(CommandSession session, ListFilter filter, bool json, CancellationToken cancellationToken)
    {
        var names = await JobNamesAsync(session, filter, cancellationToken).ConfigureAwait(false);
        var registered = new HashSet<string>(session.Operator.JobNames, StringComparer.Ordinal);
        if (json)
        {
            await session.WriteJsonAsync(new JsonObject
            {
                ["jobs"] = new JsonArray([.. names.Select(n => new JsonObject { ["name"] = n, ["registered"] = registered.Contains(n) })]),
            }).ConfigureAwait(false);
            return;
        }

        foreach (var name in names)
        {
            await session.Output.WriteLineAsync(registered.Contains(name) ? name : name + "  (in the repository only: not registered in this application)").ConfigureAwait(false);
        }
    }

    private static async Task ListInstancesAsync(CommandSession session, ListFilter filter, bool json, CancellationToken cancellationToken)
    {
        var rows = new JsonArray();
        var omitted = new List<string>();
        foreach (var name in await JobNamesAsync(session, filter, cancellationToken).ConfigureAwait(false))
        {
            foreach (var instance in await InstancesAsync(session, name, filter, omitted, cancellationToken).ConfigureAwait(false))
            {
                var last = await session.Explorer.GetLastJobExecutionAsync(instance, cancellationToken).ConfigureAwait(false);
                if (json)
                {
                    rows.Add(new JsonObject
                    {
                        ["id"] = instance.Id,
                        ["job"] = name,
                        ["lastExecution"] = last?.Id,
                        ["lastStatus"] = last?.Status.ToCode(),
                        ["parameters"] = last is null ? null : ExecutionOutput.ToJson(last, steps: false)["parameters"]?.DeepClone(),
                    });
                }
                else
                {
                    await session.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"  {instance.Id,6}  {name}  last execution {(last is null ? "none" : $"{last.Id} {last.Status.ToCode()}")}  [{last?.JobParameters}]")).ConfigureAwait(false);
                }
            }
        }

        await EndListingAsync(session, filter, json, "instances", rows, omitted).ConfigureAwait(false);
    }

    private static async Task ListExecutionsAsync(CommandSession session, ListFilter filter, bool json, CancellationToken cancellationToken)
    {
        var names = await JobNamesAsync(session, filter, cancellationToken).ConfigureAwait(false);
        if (!json && filter.Jobs is null)
        {
            // The index of what can be listed; with --job the operator already knows which.
            await session.Output.WriteLineAsync("Jobs: " + (session.Operator.JobNames.Count == 0 ? "(none registered)" : string.Join(", ", session.Operator.JobNames)))
                .ConfigureAwait(false);
        }

        var rows = new JsonArray();
        var omitted = new List<string>();
        foreach (var name in names)
        {
            var executions = filter.FiltersExecutions
                ? await MatchingExecutionsAsync(session, name, filter, omitted, cancellationToken).ConfigureAwait(false)
                : await ExecutionsOfNewestInstancesAsync(session, name, filter, omitted, cancellationToken).ConfigureAwait(false);
            foreach (var execution in executions)
            {
                if (json)
                {
                    rows.Add(ExecutionOutput.ToJson(execution, steps: false));
                }
                else
                {
                    await session.Output.WriteLineAsync(ExecutionOutput.ListLine(execution)).ConfigureAwait(false);
                }
            }
        }

        if (!json && rows.Count == 0)
        {
            var absence = await BatchCommandLineRunner.AbsenceAsync(session.Context.Services, cancellationToken).ConfigureAwait(false);
            await session.Output.WriteLineAsync((filter.FiltersExecutions ? "No execution matches." : "No executions yet.") + (absence is null ? string.Empty : $" Note: {absence}."))
                .ConfigureAwait(false);
        }

        await EndListingAsync(session, filter, json, "executions", rows, omitted, matching: filter.FiltersExecutions).ConfigureAwait(false);
    }

    /// <summary>The executions of the job's newest instances (the limit's number), newest first.</summary>
    private static async Task<List<JobExecution>> ExecutionsOfNewestInstancesAsync(
        CommandSession session, string name, ListFilter filter, List<string> omitted, CancellationToken cancellationToken)
    {
        var executions = new List<JobExecution>();
        foreach (var instance in await InstancesAsync(session, name, filter, omitted, cancellationToken).ConfigureAwait(false))
        {
            executions.AddRange(await session.Explorer.GetJobExecutionsAsync(instance, cancellationToken).ConfigureAwait(false));
        }

        return executions;
    }

    /// <summary>
    /// With a status or date filter: the newest executions of the job that match it (the limit's number), looked for across all its
    /// executions — "what failed tonight" must not depend on how many instances ran since; a job with more matches is added to
    /// <paramref name="omitted"/>.
    /// </summary>
    private static async Task<List<JobExecution>> MatchingExecutionsAsync(
        CommandSession session, string name, ListFilter filter, List<string> omitted, CancellationToken cancellationToken)
    {
        const int pageSize = 500;
        var query = new Batch.Repository.JobExecutionQuery { JobName = name, Status = filter.Statuses is { Count: 1 } one ? one.First() : null };
        var matching = new List<JobExecution>();
        for (var start = 0; ; start += pageSize)
        {
            var page = await session.Explorer.FindJobExecutionsAsync(query, start, pageSize, cancellationToken).ConfigureAwait(false);
            foreach (var execution in page)
            {
                if (!filter.IncludesExecution(execution))
                {
                    continue;
                }

                if (matching.Count == filter.Limit)
                {
                    omitted.Add(name);
                    return matching;
                }

                matching.Add(execution);
            }

            if (page.Count < pageSize)
            {
                return matching;
            }
        }
    }

    private sealed record ListFilter(HashSet<string>? Jobs, HashSet<BatchStatus>? Statuses, DateTimeOffset? Since, DateTimeOffset? Until, int Limit)
    {
        /// <summary>Whether a status or a date selects executions (the limit then counts matching executions, not instances).</summary>
        public bool FiltersExecutions => Statuses is not null || Since is not null || Until is not null;

        public bool IncludesJob(string name) => Jobs is null || Jobs.Contains(name);

        public bool IncludesExecution(JobExecution execution) =>
            (Statuses is null || Statuses.Contains(execution.Status))
            && (Since is not { } since || execution.CreateTime >= since)
            && (Until is not { } until || execution.CreateTime < until);
    }
}
