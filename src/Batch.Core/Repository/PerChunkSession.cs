namespace Batch.Repository;

/// <summary>The session of a repository that keeps nothing between chunks: each chunk is a <see cref="IJobRepository.BeginChunkAsync"/>.</summary>
internal sealed class PerChunkSession(IJobRepository repository, StepExecution stepExecution) : IChunkSession
{
    public ValueTask<IChunkTransaction> BeginChunkAsync(CancellationToken cancellationToken) =>
        repository.BeginChunkAsync(stepExecution, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
