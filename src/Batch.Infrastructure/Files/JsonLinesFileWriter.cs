using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Batch.Items;
using Batch.Listeners;

namespace Batch.Infrastructure.Files;

/// <summary>
/// Writes items as a JSON lines file (one JSON value per line, UTF-8) with System.Text.Json, straight into the chunk's buffer:
/// a source-generated <see cref="JsonTypeInfo{T}"/> or serializer options, resolved once; never indented. The file keeps step with
/// the checkpoints as <see cref="DelimitedFileWriter{T}"/>'s does: nothing lost, duplicated or half-written across a crash and
/// restart; the header starts a new file, the footer ends it when the step completes.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class JsonLinesFileWriter<T> : IItemWriter<T>, IItemStream, IStepExecutionListener, IFileCompletion, IAsyncDisposable
{
    private static readonly Action<T, JsonLinesFileWriter<T>> FormatOne = static (item, self) =>
    {
        var json = self._json;
        try
        {
            JsonSerializer.Serialize(json, item, self._typeInfo);
            json.Flush();
        }
        finally
        {
            json.Reset();
        }

        self._core.Output.Pending.Write(self._lineEnding);
    };

    private readonly FileWriterCore _core;
    private readonly JsonTypeInfo<T> _typeInfo;
    private readonly Utf8JsonWriter _json;
    private readonly byte[] _lineEnding;

    /// <summary>Creates the writer with a type's metadata (from a source-generated context, or <see cref="JsonSerializerOptions.GetTypeInfo"/>).</summary>
    /// <param name="options">The file.</param>
    /// <param name="typeInfo">How to serialize a <typeparamref name="T"/>.</param>
    public JsonLinesFileWriter(JsonLinesFileWriterOptions options, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(typeInfo);
        options.ValidateAll();
        if (options.LineEnding.AsSpan().IndexOfAnyExcept('\r', '\n') >= 0)
        {
            throw new ArgumentException("A JSON lines file ends its lines with \\n (or \\r\\n).", nameof(options));
        }

        _typeInfo = typeInfo;
        _lineEnding = Encoding.UTF8.GetBytes(options.LineEnding);
        _core = new FileWriterCore(new TransactionalFileOutput(options, "jsonlines.writer"));
        _json = new Utf8JsonWriter(_core.Output.Pending, new JsonWriterOptions { Indented = false, Encoder = typeInfo.Options.Encoder, SkipValidation = true });
    }

    /// <summary>Creates the writer with serializer options (the web defaults when null: camelCase names); the type's metadata is resolved once, here.</summary>
    /// <param name="options">The file.</param>
    /// <param name="serializerOptions">The serializer options (their indentation is ignored).</param>
    public JsonLinesFileWriter(JsonLinesFileWriterOptions options, JsonSerializerOptions? serializerOptions = null)
        : this(options, JsonLines.TypeInfo<T>(serializerOptions))
    {
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
    public async ValueTask DisposeAsync()
    {
        await _core.Output.CloseAsync().ConfigureAwait(false);
        await _json.DisposeAsync().ConfigureAwait(false);
    }

    void IFileCompletion.Attach() => _core.Attach();
}
