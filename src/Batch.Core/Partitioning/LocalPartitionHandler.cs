using Batch.Jobs;

namespace Batch.Partitioning;

/// <summary>Runs partitions on the thread pool of this process, at most the step's grid size at once.</summary>
internal sealed class LocalPartitionHandler : PartitionHandler
{
    /// <inheritdoc />
    public override bool IsRemote => false;

    /// <inheritdoc />
    public override async Task<PartitionResults> RunAsync(PartitionRun run, CancellationToken cancellationToken)
    {
        var step = run.Step;
        var jobExecution = run.Manager.JobExecution;
        using var gate = new SemaphoreSlim(step.GridSize, step.GridSize);
        var tasks = run.Partitions.Select(partition => Task.Run(async () =>
        {
            await gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return ((StepExecution?)null, new PartitionOutcome(BatchStatus.Stopped, null));
                }

                var execution = await StepHandler.HandleAsync(
                    step.WorkerStep, run.StepNameOf(partition), partition.Context, jobExecution, run.Context.Runtime, null, cancellationToken).ConfigureAwait(false);
                return (execution, new PartitionOutcome(execution.Status, execution.ExitStatus.ExitDescription));
            }
#pragma warning disable CA1031 // a partition that cannot start (start limit, UNKNOWN) fails the partition, not the others
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                return (null, new PartitionOutcome(BatchStatus.Failed, ex.Message));
            }
            catch (OperationCanceledException)
            {
                return (null, new PartitionOutcome(BatchStatus.Stopped, null));
            }
            finally
            {
                gate.Release();
            }
        }, CancellationToken.None)).ToArray();

        var ended = await Task.WhenAll(tasks).ConfigureAwait(false);
        var outcomes = new Dictionary<string, PartitionOutcome>(StringComparer.Ordinal);
        var executions = new List<StepExecution>();
        for (var i = 0; i < ended.Length; i++)
        {
            var (execution, outcome) = ended[i];
            outcomes[run.Partitions[i].Name] = outcome;
            if (execution is not null && execution.JobExecution.Id == jobExecution.Id)
            {
                executions.Add(execution);
            }
        }

        return new PartitionResults(outcomes, executions);
    }
}
