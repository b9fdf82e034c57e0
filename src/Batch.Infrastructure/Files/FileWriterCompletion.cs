using System.Collections.Concurrent;
using Batch.Listeners;

namespace Batch.Infrastructure.Files;

/// <summary>The step listener <c>FileWriter(...)</c> adds: it remembers the writer made for each step execution and tells it when that execution ends.</summary>
internal sealed class FileWriterCompletion : IStepExecutionListener
{
    private readonly ConcurrentDictionary<StepExecution, IFileCompletion> _writers = new(ReferenceEqualityComparer.Instance);

    public void Track(StepExecution stepExecution, IFileCompletion writer)
    {
        writer.Attach();
        _writers[stepExecution] = writer;
    }

    public ValueTask AfterStepAsync(StepExecution stepExecution, CancellationToken cancellationToken) =>
        _writers.TryRemove(stepExecution, out var writer) ? writer.AfterStepAsync(stepExecution, cancellationToken) : ValueTask.CompletedTask;
}
