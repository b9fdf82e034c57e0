using Batch.Items;
using Batch.Listeners;

namespace Batch.Infrastructure.Files;

/// <summary>
/// Writes items as the lines of a fixed-width file through a <see cref="RecordFormatter{T}"/>: each field goes into the next
/// column of <see cref="FixedWidthFileWriterOptions.Columns"/>, aligned and padded (a value too long for its column is a
/// <see cref="FormatException"/>, or is cut with <see cref="FixedWidthFileWriterOptions.TruncateLongValues"/>). The file keeps step
/// with the checkpoints as <see cref="DelimitedFileWriter{T}"/>'s does: nothing lost, duplicated or half-written across a crash and
/// restart; the header starts a new file, the footer ends it when the step completes.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class FixedWidthFileWriter<T> : IItemWriter<T>, IItemStream, IStepExecutionListener, IFileCompletion, IAsyncDisposable
{
    private static readonly Action<T, FixedWidthFileWriter<T>> FormatOne = static (item, self) =>
    {
        self._fields.BeginRecord();
        self._format(item, self._fields);
        self._fields.EndRecord(self._core.Output.Pending);
    };

    private readonly FileWriterCore _core;
    private readonly FixedWidthFieldWriter _fields;
    private readonly RecordFormatter<T> _format;

    /// <summary>Creates the writer.</summary>
    /// <param name="options">The file and how to write it.</param>
    /// <param name="format">Writes an item's fields, in column order.</param>
    public FixedWidthFileWriter(FixedWidthFileWriterOptions options, RecordFormatter<T> format)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(format);
        options.ValidateAll();
        _format = format;
        _fields = new FixedWidthFieldWriter(options);
        _core = new FileWriterCore(new TransactionalFileOutput(options, "fixedwidth.writer"));
    }

    /// <summary>The file.</summary>
    public string Path => _core.Output.Path;

    /// <inheritdoc />
    public ValueTask WriteAsync(Chunk<T> chunk, CancellationToken cancellationToken) => _core.WriteAsync(chunk, this, FormatOne, cancellationToken);

    /// <inheritdoc />
    public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) => _core.OpenAsync(executionContext, cancellationToken);

    /// <inheritdoc />
    public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) => _core.Output.UpdateAsync(executionContext, cancellationToken);

    /// <inheritdoc />
    public ValueTask CloseAsync(CancellationToken cancellationToken) => _core.Output.CloseAsync();

    /// <inheritdoc />
    public ValueTask BeforeStepAsync(StepExecution stepExecution, CancellationToken cancellationToken)
    {
        _core.Attach();
        return ValueTask.CompletedTask;
    }

    /// <summary>Writes the footer when the step completed.</summary>
    /// <param name="stepExecution">The step execution that ended.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    public ValueTask AfterStepAsync(StepExecution stepExecution, CancellationToken cancellationToken) => _core.AfterStepAsync(stepExecution, cancellationToken);

    /// <summary>Closes the file (as <see cref="CloseAsync"/> does), for a writer used outside a step.</summary>
    /// <returns>A task.</returns>
    public ValueTask DisposeAsync() => _core.Output.CloseAsync();

    void IFileCompletion.Attach() => _core.Attach();
}
