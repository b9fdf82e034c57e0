namespace Batch.Infrastructure.Files;

/// <summary>A file writer that finishes its file when the step completes (its footer), told so by <see cref="FileWriterCompletion"/> or as a step listener.</summary>
internal interface IFileCompletion
{
    /// <summary>Marks the writer as one that will hear of the step's end.</summary>
    void Attach();

    /// <summary>Called after the step ended; writes the footer when it completed.</summary>
    ValueTask AfterStepAsync(StepExecution stepExecution, CancellationToken cancellationToken);
}
