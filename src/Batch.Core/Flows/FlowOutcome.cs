namespace Batch.Flows;

/// <summary>How a state or a flow ended: its status, its exit status, and the last step execution it saw.</summary>
internal readonly record struct FlowOutcome(BatchStatus Status, ExitStatus ExitStatus, StepExecution? LastStep);
