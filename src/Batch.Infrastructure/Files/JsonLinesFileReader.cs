using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using Batch.Items;

namespace Batch.Infrastructure.Files;

/// <summary>
/// Reads a JSON lines file (one JSON value per line, UTF-8) with System.Text.Json: a source-generated
/// <see cref="JsonTypeInfo{T}"/> or serializer options, resolved once. Blank lines are not records. A line that is not valid
/// UTF-8, not valid JSON, not a <typeparamref name="T"/> or <c>null</c> is a <see cref="MalformedRecordException"/> with its line
/// and text (skippable). Restart works as for <see cref="DelimitedFileReader{T}"/>: nothing in the context, the records earlier
/// executions consumed are moved past without being deserialized.
/// </summary>
/// <example>
/// <code>
/// [JsonSerializable(typeof(Order))]
/// internal sealed partial class OrderJson : JsonSerializerContext;
///
/// .Reader(ctx =&gt; new JsonLinesFileReader&lt;Order&gt;(new JsonLinesFileReaderOptions { Path = "orders.jsonl" }, OrderJson.Default.Order))
/// </code>
/// </example>
/// <typeparam name="T">The item type.</typeparam>
public sealed class JsonLinesFileReader<T> : IItemReader<T>, IItemStream, IItemCountRestartable, IItemPositionProvider, IAsyncDisposable
{
    private readonly string _path;
    private readonly JsonTypeInfo<T> _typeInfo;
    private Utf8LineReader? _lines;
    private long _consumed;
    private long _line;

    /// <summary>Creates a reader with a type's metadata, from a source-generated context (<c>MyContext.Default.Order</c>) or from <see cref="JsonSerializerOptions.GetTypeInfo"/>.</summary>
    /// <param name="options">The file.</param>
    /// <param name="typeInfo">How to deserialize a <typeparamref name="T"/>.</param>
    public JsonLinesFileReader(JsonLinesFileReaderOptions options, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(typeInfo);
        options.ValidateAll();
        _path = options.Path;
        _typeInfo = typeInfo;
    }

    /// <summary>Creates a reader with serializer options (the web defaults when null: camelCase names, case-insensitive); the type's metadata is resolved once, here.</summary>
    /// <param name="options">The file.</param>
    /// <param name="serializerOptions">The serializer options.</param>
    public JsonLinesFileReader(JsonLinesFileReaderOptions options, JsonSerializerOptions? serializerOptions = null)
        : this(options, JsonLines.TypeInfo<T>(serializerOptions))
    {
    }

    /// <summary>The file.</summary>
    public string Path => _path;

    /// <summary>Records read or rejected so far in this execution, counting those moved past on a restart.</summary>
    public long RecordsConsumed => _consumed;

    /// <inheritdoc />
    public string? CurrentPosition => _line > 0 ? $"line {_line}" : null;

    /// <inheritdoc />
    public ValueTask<ItemResult<T>> ReadAsync(CancellationToken cancellationToken)
    {
        var lines = _lines ?? throw new InvalidOperationException("The reader is not open: the step opens it (IItemStream.OpenAsync) before reading.");
        while (true)
        {
            var next = lines.ReadLineAsync(cancellationToken);
            if (!next.IsCompletedSuccessfully)
            {
                return ReadSlowAsync(next, cancellationToken);
            }

            if (!next.Result)
            {
                return new(ItemResult<T>.None);
            }

            if (!IsBlank(lines.Line))
            {
                return new(Deserialize(lines));
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        await CloseAsync(cancellationToken).ConfigureAwait(false);
        _consumed = 0;
        _line = 0;
        var stream = FileInput.OpenRead(_path);
        try
        {
            await FileInput.ReadPreambleAsync(stream, null, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _lines = new Utf8LineReader(stream);
    }

    /// <inheritdoc />
    public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public async ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        if (_lines is { } lines)
        {
            _lines = null;
            await lines.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask SkipConsumedAsync(long itemsConsumed, CancellationToken cancellationToken)
    {
        var lines = _lines ?? throw new InvalidOperationException("The reader is not open.");
        while (_consumed < itemsConsumed)
        {
            if (!await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false))
            {
                throw FileInput.ShorterThanConsumed(_path, _consumed, itemsConsumed);
            }

            if (!IsBlank(lines.Line))
            {
                _consumed++;
                _line = lines.LineNumber;
            }
        }
    }

    /// <summary>Closes the file (as <see cref="CloseAsync"/> does), for a reader used outside a step.</summary>
    /// <returns>A task.</returns>
    public ValueTask DisposeAsync() => CloseAsync(CancellationToken.None);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ItemResult<T>> ReadSlowAsync(ValueTask<bool> next, CancellationToken cancellationToken)
    {
        var lines = _lines!;
        while (await next.ConfigureAwait(false))
        {
            if (!IsBlank(lines.Line))
            {
                return Deserialize(lines);
            }

            next = lines.ReadLineAsync(cancellationToken);
        }

        return ItemResult<T>.None;
    }

    private ItemResult<T> Deserialize(Utf8LineReader lines)
    {
        _consumed++;
        _line = lines.LineNumber;
        var line = lines.Line;
        if (!Utf8.IsValid(line))
        {
            throw Malformed(line, FileInput.DescribeUndecodable(line, utf8: true, null));
        }

        T? item;
        try
        {
            item = JsonSerializer.Deserialize(line, _typeInfo);
        }
        catch (JsonException ex)
        {
            throw Malformed(line, $"it is not a {typeof(T).Name} in JSON: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or InvalidOperationException or NotSupportedException)
        {
            throw Malformed(line, $"it cannot be read as a {typeof(T).Name}: {ex.Message}", ex);
        }

        return item is null ? throw Malformed(line, $"it is null, not a {typeof(T).Name}.") : new ItemResult<T>(item);
    }

    private MalformedRecordException Malformed(ReadOnlySpan<byte> line, string problem, Exception? cause = null) =>
        new(_path, _line, Encoding.UTF8.GetString(line), problem, cause);

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t\r"u8) < 0;
}
