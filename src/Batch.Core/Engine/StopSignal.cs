namespace Batch.Engine;

/// <summary>Checks, at a chunk boundary, whether the step was asked to stop, and ends it by throwing.</summary>
internal static class StopSignal
{
    public static void ThrowIfRequested(StepExecution stepExecution, CancellationToken cancellationToken)
    {
        if (stepExecution.TerminateOnly)
        {
            throw new OperationCanceledException("The job execution was asked to stop.");
        }

        if (cancellationToken.IsCancellationRequested)
        {
            stepExecution.TerminateOnly = true;
            throw new OperationCanceledException("The step was cancelled.", cancellationToken);
        }
    }
}
