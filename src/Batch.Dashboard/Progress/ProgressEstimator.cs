namespace Batch.Dashboard.Progress;

/// <summary>
/// Projects the end of running steps. Items done come from the repository's committed counts of the step execution; the items to
/// expect, the rate before the first commit and the duration to expect come from the job's newest completed executions
/// (<see cref="BatchDashboardOptions.ProjectionExecutions"/>) that ran the same step. Once the step has committed items, its own
/// rate since it started projects the rest. One estimator serves one request: each job's history is read once.
/// </summary>
internal sealed class ProgressEstimator(IJobExplorer explorer, TimeProvider time, int projectionExecutions)
{
    private readonly Dictionary<string, IReadOnlyList<JobExecution>> _history = new(StringComparer.Ordinal);

    /// <summary>The progress of the running steps of a running execution loaded with its steps.</summary>
    public async ValueTask<List<StepProgressView>> EstimateAsync(JobExecution execution, CancellationToken cancellationToken)
    {
        var views = new List<StepProgressView>();
        IReadOnlyList<Diagnostics.StepProgressSnapshot>? local = null;
        foreach (var step in execution.StepExecutions)
        {
            if (step.Status.IsRunning())
            {
                var sample = await SampleAsync(execution, step.StepName, cancellationToken).ConfigureAwait(false);
                // A step running in this process may know its exact total (ExpectedItems, a counting reader): better than the history's guess.
                local ??= Diagnostics.RunningSteps.Snapshot();
                var total = local.FirstOrDefault(s => s.StepExecutionId == step.Id && s.JobExecutionId == execution.Id)?.ItemsExpected;
                views.Add(Estimate(step, sample, time.GetUtcNow(), total));
            }
        }

        return views;
    }

    internal static StepProgressView Estimate(StepExecution step, StepHistorySample history, DateTimeOffset now, long? knownTotal = null)
    {
        var done = step.ItemsConsumed;
        var doneHere = step.ReadCount + step.ReadSkipCount;
        var elapsed = step.StartTime is { } start && now > start ? now - start : TimeSpan.Zero;
        double? ownRate = doneHere > 0 && elapsed > TimeSpan.Zero ? doneHere / elapsed.TotalSeconds : null;
        var rate = ownRate ?? history.ItemsPerSecond;
        long? expected = knownTotal ?? (history.Runs > 0 && history.NewestItems > 0 ? history.NewestItems : null);
        double? percent = expected is { } e ? Math.Min(100.0, 100.0 * done / e) : null;

        DateTimeOffset? eta = null;
        string etaText;
        if (expected is { } total && done >= total)
        {
            etaText = knownTotal is null ? "any moment (past the size of the last completed run)" : "any moment";
        }
        else if (expected is { } items && rate is > 0)
        {
            eta = now + TimeSpan.FromSeconds(Math.Min((items - done) / rate.Value, TimeSpan.FromDays(3650).TotalSeconds));
            etaText = $"{Rendering.Format.Instant(eta)} (in {Rendering.Format.Duration(eta.Value - now)})";
        }
        else if (history.Runs > 0 && step.StartTime is { } started && history.AverageDuration > TimeSpan.Zero)
        {
            eta = started + history.AverageDuration;
            etaText = eta > now
                ? $"{Rendering.Format.Instant(eta)} (in {Rendering.Format.Duration(eta.Value - now)}, from the average duration)"
                : $"overdue: earlier runs took {Rendering.Format.Duration(history.AverageDuration)} on average";
        }
        else
        {
            etaText = "unknown (no earlier completed run of this step)";
        }

        var basis = knownTotal is not null ? "the step's own total" : history.Runs switch
        {
            0 => "no earlier completed run of this step",
            1 => "1 earlier completed run of this step",
            _ => $"{history.Runs} earlier completed runs of this step",
        };
        return new StepProgressView
        {
            ExecutionId = step.JobExecution.Id,
            JobName = step.JobExecution.JobName,
            StepName = step.StepName,
            Status = step.Status.ToCode(),
            ItemsDone = done,
            ItemsDoneText = Rendering.Format.Number(done),
            Commits = step.CommitCount,
            ExpectedItems = expected,
            Percent = percent is { } p ? Math.Round(p, 1) : null,
            PercentText = percent is { } pp ? $"{pp.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} % of {Rendering.Format.Number(expected!.Value)}" : "–",
            ItemsPerSecond = rate is { } r ? Math.Round(r, 2) : null,
            RateText = rate is { } rr ? $"{Rendering.Format.Rate(rr)} items/s{(ownRate is null ? " (earlier runs)" : string.Empty)}" : "–",
            Eta = eta,
            EtaText = etaText,
            ElapsedText = Rendering.Format.Duration(elapsed),
            Basis = basis,
        };
    }

    private async ValueTask<StepHistorySample> SampleAsync(JobExecution current, string stepName, CancellationToken cancellationToken)
    {
        if (!_history.TryGetValue(current.JobName, out var executions))
        {
            var completed = await explorer.FindJobExecutionsAsync(
                new JobExecutionQuery { JobName = current.JobName, Status = BatchStatus.Completed }, 0, projectionExecutions, cancellationToken).ConfigureAwait(false);
            var loaded = new List<JobExecution>(completed.Count);
            foreach (var execution in completed)
            {
                if (execution.Id != current.Id && await explorer.GetJobExecutionAsync(execution.Id, cancellationToken).ConfigureAwait(false) is { } withSteps)
                {
                    loaded.Add(withSteps);
                }
            }

            _history[current.JobName] = executions = loaded;
        }

        var runs = 0;
        long newest = 0, items = 0;
        double seconds = 0;
        var durations = TimeSpan.Zero;
        foreach (var execution in executions)
        {
            foreach (var step in execution.StepExecutions)
            {
                if (step.StepName != stepName || step.Status != BatchStatus.Completed || step is not { StartTime: { } start, EndTime: { } end } || end < start)
                {
                    continue;
                }

                if (runs++ == 0)
                {
                    newest = step.ItemsConsumed;
                }

                items += step.ReadCount + step.ReadSkipCount;
                seconds += (end - start).TotalSeconds;
                durations += end - start;
            }
        }

        return runs == 0 ? StepHistorySample.None : new StepHistorySample(runs, newest, items, seconds, durations / runs);
    }
}
