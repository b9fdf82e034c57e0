using Batch.Items;
using Batch.Listeners;

namespace Batch.Infrastructure.Files;

/// <summary>
/// Writes items as the records of a delimited (CSV) file, one line each, through a <see cref="RecordFormatter{T}"/>: fields are
/// quoted only where RFC 4180 needs it. The file keeps step with the checkpoints (see <see cref="FileWriterOptions"/>): a chunk's
/// lines are on the disk before the chunk commits, and a restart cuts the file back to the last committed chunk, so nothing is
/// lost, duplicated or left half-written. The header (<see cref="DelimitedFileWriterOptions.ColumnNames"/>,
/// <see cref="FileWriterOptions.Header"/>) starts a new file; the footer ends it when the step completes.
/// </summary>
/// <remarks>
/// Each chunk saves the file's length in the step's context (an update of the context row with each commit). Add the writer with
/// <c>.FileWriter(ctx =&gt; new DelimitedFileWriter&lt;T&gt;(...))</c> (see <see cref="FileWriterStepBuilderExtensions"/>) when it has a footer.
/// </remarks>
/// <typeparam name="T">The item type.</typeparam>
public sealed class DelimitedFileWriter<T> : IItemWriter<T>, IItemStream, IStepExecutionListener, IFileCompletion, IAsyncDisposable
{
    private static readonly Action<T, DelimitedFileWriter<T>> FormatOne = static (item, self) =>
    {
        self._fields.BeginRecord();
        self._format(item, self._fields);
        self._fields.EndRecord(self._core.Output.Pending);
    };

    private readonly FileWriterCore _core;
    private readonly DelimitedFieldWriter _fields;
    private readonly RecordFormatter<T> _format;

    /// <summary>Creates the writer.</summary>
    /// <param name="options">The file and how to write it.</param>
    /// <param name="format">Writes an item's fields, in column order.</param>
    public DelimitedFileWriter(DelimitedFileWriterOptions options, RecordFormatter<T> format)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(format);
        options.ValidateAll();
        _format = format;
        _fields = new DelimitedFieldWriter(options);
        var columns = options.ColumnNames is { } names ? (IReadOnlyList<string>)[.. names] : null;
        _core = new FileWriterCore(new TransactionalFileOutput(options, "delimited.writer", columns is null ? null : () => _fields.Line(columns)));
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
