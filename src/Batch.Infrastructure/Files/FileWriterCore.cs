using Batch.Items;

namespace Batch.Infrastructure.Files;

/// <summary>What the three file writers share: the transactional output, the footer's condition and the chunk loop around a per-item formatter.</summary>
internal sealed class FileWriterCore
{
    private readonly TransactionalFileOutput _output;
    private bool _attached;

    public FileWriterCore(TransactionalFileOutput output)
    {
        _output = output;
    }

    public TransactionalFileOutput Output => _output;

    public void Attach() => _attached = true;

    public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        if (_output.HasFooter && !_attached)
        {
            throw new InvalidOperationException(
                $"The writer of '{_output.Path}' has a footer, which is written when the step completes, but it will not hear of the step's end: " +
                "add it with .FileWriter(ctx => ...) instead of .Writer(...), or register the same instance with .Listener(writer).");
        }

        return _output.OpenAsync(executionContext, cancellationToken);
    }

    /// <summary>Formats every item of the chunk into the pending bytes; a failure takes back the whole call.</summary>
    public ValueTask WriteAsync<T, TState>(Chunk<T> chunk, TState state, Action<T, TState> format, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var mark = _output.BeginWrite();
        try
        {
            var items = chunk.AsSpan();
            for (var i = 0; i < items.Length; i++)
            {
                format(items[i], state);
            }
        }
        catch
        {
            _output.AbortWrite(mark);
            throw;
        }

        return _output.EndWriteAsync(chunk.Count, cancellationToken);
    }

    public ValueTask AfterStepAsync(StepExecution stepExecution, CancellationToken cancellationToken) =>
        stepExecution.Status == BatchStatus.Completed ? _output.CompleteAsync(cancellationToken) : ValueTask.CompletedTask;
}
