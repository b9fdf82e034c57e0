using Batch.Steps;

namespace Batch.Flows;

/// <summary>Says where a transition goes: to a state, or it ends the flow (<see cref="End"/>, <see cref="Fail"/>, <see cref="StopAndRestart(IStep)"/>).</summary>
public sealed class FlowTransitionBuilder
{
    private readonly FlowBuilder _flow;
    private readonly string _from;
    private readonly string _pattern;

    internal FlowTransitionBuilder(FlowBuilder flow, string from, string pattern)
    {
        _flow = flow;
        _from = from;
        _pattern = pattern;
    }

    /// <summary>Goes to a step (added to the flow if new). The current state does not change.</summary>
    /// <param name="step">The step.</param>
    /// <returns>The flow builder.</returns>
    public FlowBuilder To(IStep step) => Go(TransitionKind.To, _flow.StateOf(step), null);

    /// <summary>Goes to a nested flow or a split (added if new).</summary>
    /// <param name="flow">The flow.</param>
    /// <returns>The flow builder.</returns>
    public FlowBuilder To(Flow flow) => Go(TransitionKind.To, _flow.StateOf(flow), null);

    /// <summary>Goes to a decision (added if new).</summary>
    /// <param name="decider">The decider.</param>
    /// <param name="name">The decision's name (default: the decider's type name, or the name it was added with).</param>
    /// <returns>The flow builder.</returns>
    public FlowBuilder To(IJobExecutionDecider decider, string? name = null) => Go(TransitionKind.To, _flow.StateOf(decider, name), null);

    /// <summary>Ends the flow: the job COMPLETES with <paramref name="exitCode"/>, even when the state before failed.</summary>
    /// <param name="exitCode">The job's exit code.</param>
    /// <returns>The flow builder.</returns>
    public FlowBuilder End(string exitCode = "COMPLETED") => Go(TransitionKind.End, null, Code(exitCode));

    /// <summary>
    /// Ends the flow: the job FAILS with <paramref name="exitCode"/>. A restart runs the flow again from its start
    /// (completed steps replay their outcome), so it fails the same way unless something changed: use
    /// <see cref="StopAndRestart(IStep)"/> when the job should resume somewhere else.
    /// </summary>
    /// <param name="exitCode">The job's exit code.</param>
    /// <returns>The flow builder.</returns>
    public FlowBuilder Fail(string exitCode = "FAILED") => Go(TransitionKind.Fail, null, Code(exitCode));

    /// <summary>Ends the flow STOPPED (restartable); a restart resumes at <paramref name="step"/> (added to the flow if new).</summary>
    /// <param name="step">Where the restart resumes.</param>
    /// <returns>The flow builder.</returns>
    public FlowBuilder StopAndRestart(IStep step) => Go(TransitionKind.StopAndRestart, _flow.StateOf(step), ExitStatus.Stopped.ExitCode);

    /// <summary>Ends the flow STOPPED (restartable); a restart resumes at <paramref name="flow"/> (added if new).</summary>
    /// <param name="flow">Where the restart resumes.</param>
    /// <returns>The flow builder.</returns>
    public FlowBuilder StopAndRestart(Flow flow) => Go(TransitionKind.StopAndRestart, _flow.StateOf(flow), ExitStatus.Stopped.ExitCode);

    private static string Code(string exitCode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(exitCode);
        return exitCode;
    }

    private FlowBuilder Go(TransitionKind kind, string? target, string? exitCode) =>
        _flow.AddTransition(_from, new Transition(_pattern, kind, target, exitCode));
}
