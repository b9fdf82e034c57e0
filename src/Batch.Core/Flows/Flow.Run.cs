namespace Batch.Flows;

/// <summary>Running a flow: a sequence follows its transitions; a split runs its flows in parallel and joins them.</summary>
public sealed partial class Flow
{
    internal Task<FlowOutcome> RunAsync(FlowRun run, StepExecution? previous, CancellationToken cancellationToken) =>
        IsSplit ? RunSplitAsync(run, previous, cancellationToken) : RunSequenceAsync(run, previous, cancellationToken);

    private async Task<FlowOutcome> RunSequenceAsync(FlowRun run, StepExecution? previous, CancellationToken cancellationToken)
    {
        var current = run.TakeRestartPoint(this) ?? Start;
        var last = previous;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!_states.TryGetValue(current, out var state))
            {
                throw new FlowExecutionException($"Flow '{Name}' has no state '{current}' to restart at; its states are: {string.Join(", ", StateNames)}.");
            }

            var outcome = await state.RunAsync(run, last, cancellationToken).ConfigureAwait(false);
            last = outcome.LastStep ?? last;
            if (outcome.Status == BatchStatus.Stopped && !state.IsDecision)
            {
                return outcome with { LastStep = last };
            }

            var transition = Match(current, outcome.ExitStatus.ExitCode);
            if (transition is null)
            {
                if (outcome.Status == BatchStatus.Completed && _next.TryGetValue(current, out var next))
                {
                    current = next;
                    continue;
                }

                if (state.IsDecision)
                {
                    throw new FlowExecutionException(
                        $"Decision '{current}' in flow '{Name}' returned \"{outcome.ExitStatus.ExitCode}\", which none of its transitions matches " +
                        $"({Describe(current)}); add a transition for it, or a \"*\" one.");
                }

                return outcome with { LastStep = last };
            }

            switch (transition.Kind)
            {
                case TransitionKind.To:
                    current = transition.Target!;
                    continue;
                case TransitionKind.End:
                    return new FlowOutcome(BatchStatus.Completed, new ExitStatus(transition.ExitCode!), last);
                case TransitionKind.Fail:
                    return new FlowOutcome(BatchStatus.Failed, new ExitStatus(
                        transition.ExitCode!,
                        $"Flow '{Name}' failed: '{current}' ended {outcome.ExitStatus.ExitCode} and its transition {transition} fails the job.")
                        .AddExitDescription(outcome.ExitStatus.ExitDescription), last);
                default:
                    run.SetRestartPoint(this, transition.Target!);
                    return new FlowOutcome(BatchStatus.Stopped, new ExitStatus(
                        ExitStatus.Stopped.ExitCode,
                        $"Flow '{Name}' stopped: '{current}' ended {outcome.ExitStatus.ExitCode}; a restart resumes at '{transition.Target}'."), last);
            }
        }
    }

    private async Task<FlowOutcome> RunSplitAsync(FlowRun run, StepExecution? previous, CancellationToken cancellationToken)
    {
        var running = _parallel.Select(flow => Task.Run(() => flow.RunAsync(run, previous, cancellationToken), cancellationToken)).ToArray();
        var outcomes = await Task.WhenAll(running).ConfigureAwait(false);
        var status = BatchStatus.Completed;
        ExitStatus? exit = null;
        foreach (var outcome in outcomes)
        {
            status = status.Max(outcome.Status);
            exit = outcome.ExitStatus.And(exit);
        }

        return new FlowOutcome(status, exit!, outcomes[^1].LastStep ?? previous);
    }

    private Transition? Match(string state, string exitCode)
    {
        if (!_transitions.TryGetValue(state, out var transitions))
        {
            return null;
        }

        foreach (var transition in transitions)
        {
            if (transition.Matches(exitCode))
            {
                return transition;
            }
        }

        return null;
    }

    private string Describe(string state) =>
        _transitions.TryGetValue(state, out var transitions) ? string.Join(", ", transitions.Select(t => t.ToString())) : "none";
}
