using Batch.Engine;
using Batch.Jobs;
using Batch.Steps;

namespace Batch.Flows;

/// <summary>A named state of a flow: a step, a decision, or a nested flow (a split included).</summary>
internal abstract class FlowState(string name)
{
    public string Name { get; } = name;

    /// <summary>True for a decision: an outcome no transition matches is a configuration error.</summary>
    public virtual bool IsDecision => false;

    public abstract Task<FlowOutcome> RunAsync(FlowRun run, StepExecution? previous, CancellationToken cancellationToken);

    /// <summary>Runs a step with the restart rules (a step completed in an earlier execution replays its recorded outcome).</summary>
    internal sealed class Step(IStep step) : FlowState(step.Name)
    {
        public IStep Inner { get; } = step;

        public override async Task<FlowOutcome> RunAsync(FlowRun run, StepExecution? previous, CancellationToken cancellationToken)
        {
            var execution = await StepHandler.HandleAsync(Inner, run.Execution, run.Runtime, cancellationToken).ConfigureAwait(false);
            return new FlowOutcome(execution.Status, execution.ExitStatus, execution);
        }
    }

    /// <summary>Asks a decider for the outcome.</summary>
    internal sealed class Decision(string name, IJobExecutionDecider decider) : FlowState(name)
    {
        public IJobExecutionDecider Decider { get; } = decider;

        public override bool IsDecision => true;

        public override async Task<FlowOutcome> RunAsync(FlowRun run, StepExecution? previous, CancellationToken cancellationToken)
        {
            var code = await Decider.DecideAsync(run.Execution, previous, cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(code))
            {
                throw new FlowExecutionException($"Decision '{Name}' returned no outcome; a decider must return an exit code such as \"COMPLETED\".");
            }

            return new FlowOutcome(BatchStatus.Completed, new ExitStatus(code), previous);
        }
    }

    /// <summary>Runs a nested flow (sequential or split) as one state.</summary>
    internal sealed class Nested(Flow flow) : FlowState(flow.Name)
    {
        public Flow Flow { get; } = flow;

        public override Task<FlowOutcome> RunAsync(FlowRun run, StepExecution? previous, CancellationToken cancellationToken) =>
            Flow.RunAsync(run, previous, cancellationToken);
    }
}
