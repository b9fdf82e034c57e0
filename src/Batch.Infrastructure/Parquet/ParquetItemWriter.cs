using System.Globalization;
using Batch.Items;
using Batch.Steps;
using Parquet.Serialization;

namespace Batch.Infrastructure.Parquet;

/// <summary>
/// Writes items to Parquet files in a Hive-partitioned lake (<c>root/table=orders/date=2026-11-22/part-….parquet</c>),
/// readable by DuckDB (<c>read_parquet('root/**/*.parquet', hive_partitioning = true)</c>) and Spark. Exactly once across
/// a crash: a restart never leaves a file of a chunk that was not committed.
/// </summary>
/// <typeparam name="T">
/// The item type. Its public properties are the columns (Parquet.Net's serializer compiles the accessors once per type, no
/// reflection per item), unless <see cref="ParquetItemWriterOptions{T}.Columns"/> maps them.
/// </typeparam>
/// <remarks>
/// <para>
/// <b>Files.</b> Each chunk becomes one file per partition it touches, holding one row group (split further only when
/// it has more rows than <see cref="global::Parquet.ParquetOptions.RowGroupSize"/>): the chunk size is the file size, so
/// use large chunks (10,000 to 1,000,000 rows) for a lake. A file is named
/// <c>part-i{job instance}-{step}-{sequence}-e{step execution}.parquet</c>; the sequence counts the writer's files over
/// every execution of the step, and the last committed one is kept in the step's context (<c>{Name}.sequence</c>).
/// </para>
/// <para>
/// <b>Exactly once.</b> A chunk is written under a hidden temporary name (<c>.part-….parquet.tmp</c>, which DuckDB's glob
/// and Spark skip) and renamed to its final name just before the chunk commits, when its sequence goes into the context
/// committed with the chunk. A restart deletes the writer's files whose sequence is above the committed one (renamed but
/// not committed) and its temporary files, so a crash at any instant leaves exactly the committed rows. A chunk that is
/// rolled back and written again (a retry, or the item-by-item scan after a skippable failure) replaces its earlier
/// files: the writer sees that the first item written is one it already holds uncommitted (by reference, hence the
/// <c>class</c> constraint). In a <see cref="Batch.Items.Composite.CompositeItemWriter{T}"/>, put the Parquet writer last,
/// so a writer after it cannot fail (and have an item skipped) once its file is written.
/// </para>
/// <para>
/// <b>Running a date again.</b> With <see cref="ParquetWriteMode.OverwritePartitions"/> the job instance's first committed part
/// in a partition replaces the files other job instances left there: they are moved aside (hidden) at that chunk's checkpoint
/// and deleted once it committed, or put back when it did not (see <see cref="ParquetWriteMode"/>). Every file the writer
/// writes, moves or deletes is checked to lie inside <see cref="ParquetItemWriterOptions{T}.RootDirectory"/>, links resolved.
/// </para>
/// <para>
/// On open the writer searches for its files in its partition folder when every partition is fixed, and in the whole
/// lake under <see cref="ParquetItemWriterOptions{T}.RootDirectory"/> otherwise. Not for steps that write chunks from
/// several threads at once.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// .Writer(ctx => new ParquetItemWriter&lt;Order&gt;(ctx, new ParquetItemWriterOptions&lt;Order&gt;
/// {
///     RootDirectory = "/data/lake",
///     Partitions =
///     {
///         ParquetPartition&lt;Order&gt;.Fixed("table", "orders"),
///         ParquetPartition&lt;Order&gt;.Fixed("date", ctx.JobParameters.GetString("date")),
///     },
/// }))
/// </code>
/// </example>
public sealed class ParquetItemWriter<T> : IItemWriter<T>, IItemStream
    where T : class
{
    private readonly ParquetItemWriterOptions<T> _options;
    private readonly ParquetLake _lake;
    private readonly string _root;
    private readonly string _prefix;
    private readonly string _execution;
    private readonly string _sequenceKey;
    private readonly ParquetPartition<T>[] _partitions;
    private readonly string? _fixedFolder;
    private readonly Dictionary<string, List<T>> _byFolder = new(StringComparer.Ordinal);
    private readonly List<(long Sequence, string Temporary, string Final)> _pending = [];
    private readonly List<(long Sequence, string Final)> _published = [];
    private readonly HashSet<T> _pendingItems = new(ReferenceEqualityComparer.Instance);
    private readonly ParquetPartitionReplacer? _replacer;
    private BatchExecutionContext? _context;
    private long _nextSequence = 1;

    /// <summary>Creates the writer for a step execution (create it in the step's writer factory).</summary>
    /// <param name="step">The step it writes for: its job instance and name make the writer's file names.</param>
    /// <param name="options">Where and how to write.</param>
    /// <exception cref="ArgumentException">No root folder, or a relative one; both a serializer and a column map, or an empty map.</exception>
    /// <exception cref="Batch.Infrastructure.Storage.StoragePathException">The root folder is the root of the file system.</exception>
    public ParquetItemWriter(StepContext step, ParquetItemWriterOptions<T> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Name, "options.Name");
        if (string.IsNullOrWhiteSpace(options.RootDirectory) || !Path.IsPathFullyQualified(options.RootDirectory))
        {
            throw new ArgumentException($"The Parquet writer's RootDirectory must be an absolute folder; it is '{options.RootDirectory}'.", nameof(options));
        }

        if (options.Columns is { } columns && (options.Serializer is not null || columns.Count == 0))
        {
            throw new ArgumentException(
                options.Serializer is not null
                    ? "The Parquet writer's options set both Serializer and Columns: keep one (Columns maps the item's properties, Serializer writes rows of a schema known at run time)."
                    : "The Parquet writer's column map (ParquetItemWriterOptions.Columns) has no columns: Map(...) at least one value of the item.",
                nameof(options));
        }

        ArgumentNullException.ThrowIfNull(step);

        _options = options;
        _lake = new ParquetLake(options.RootDirectory);
        _root = _lake.Root;
        var execution = step.StepExecution;
        var instancePrefix = string.Create(CultureInfo.InvariantCulture, $"part-i{execution.JobExecution.JobInstance.Id}-");
        _prefix = instancePrefix + Sanitize(execution.StepName) + "-";
        if (options.Mode == ParquetWriteMode.OverwritePartitions)
        {
            _replacer = new ParquetPartitionReplacer(_lake, instancePrefix, _prefix);
        }
        else if (options.Mode != ParquetWriteMode.Append)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Mode, "ParquetItemWriterOptions.Mode is Append or OverwritePartitions.");
        }

        _execution = string.Create(CultureInfo.InvariantCulture, $"e{execution.Id}");
        _sequenceKey = options.Name + ".sequence";
        _partitions = [.. options.Partitions];
        if (_partitions.All(p => p.FixedSegment is not null))
        {
            _fixedFolder = _partitions.Length == 0 ? _root : Path.Combine([_root, .. _partitions.Select(p => p.FixedSegment!)]);
        }
    }

    /// <inheritdoc />
    public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executionContext);
        _context = executionContext;
        var committed = executionContext.GetLong(_sequenceKey, 0);
        _nextSequence = committed + 1;
        try
        {
            Directory.CreateDirectory(_root);

            // Only the folder this writer writes into is searched when every partition is fixed; otherwise the whole lake.
            var searched = _fixedFolder is not null && Directory.Exists(_fixedFolder) ? _fixedFolder : _root;
            foreach (var file in Directory.EnumerateFiles(searched, "*" + _prefix + "*", SearchOption.AllDirectories))
            {
                var name = Path.GetFileName(file.AsSpan());
                if (_replacer is not null && _replacer.IsAside(name))
                {
                    _replacer.Recover(file, committed);
                    continue;
                }

                var temporary = name.StartsWith('.') && name.EndsWith(".tmp", StringComparison.Ordinal);
                if (!name.StartsWith(temporary ? "." + _prefix : _prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                if (temporary || SequenceOf(name[_prefix.Length..]) is not { } sequence || sequence > committed)
                {
                    _lake.Delete(file);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ItemStreamException(
                $"The Parquet writer could not open or clean its folder '{_root}': {ex.Message} Check that the folder exists and is writable, then restart.",
                ex);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(Chunk<T> chunk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        if (chunk.Count == 0)
        {
            return;
        }

        if (_pendingItems.Contains(chunk[0]))
        {
            // The chunk is written again before it committed: a retry, or the item-by-item scan after a failure.
            DiscardPending(0);
        }

        var mark = _pending.Count;
        try
        {
            foreach (var item in chunk)
            {
                _pendingItems.Add(item);
            }

            if (_fixedFolder is not null)
            {
                await WriteFileAsync(_fixedFolder, chunk, cancellationToken).ConfigureAwait(false);
                return;
            }

            foreach (var item in chunk)
            {
                var folder = FolderOf(item);
                if (!_byFolder.TryGetValue(folder, out var rows))
                {
                    _byFolder[folder] = rows = [];
                }

                rows.Add(item);
            }

            foreach (var (folder, rows) in _byFolder)
            {
                if (rows.Count > 0)
                {
                    await WriteFileAsync(folder, rows, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch
        {
            DiscardPending(mark);
            throw;
        }
        finally
        {
            foreach (var rows in _byFolder.Values)
            {
                rows.Clear();
            }
        }
    }

    /// <inheritdoc />
    public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executionContext);
        var committed = executionContext.GetLong(_sequenceKey, 0);
        for (var i = _published.Count - 1; i >= 0 && _published[i].Sequence > committed; i--)
        {
            // Renamed for a chunk whose commit failed: the context was restored to the last committed sequence.
            _lake.Delete(_published[i].Final);
            _published.RemoveAt(i);
        }

        _published.Clear();

        if (_pending.Count == 0 && _replacer is null)
        {
            return ValueTask.CompletedTask;
        }

        try
        {
            // The replacements of the previous chunk: done when it committed, undone when its commit failed.
            _replacer?.Settle(committed, restoreUncommitted: true);
            foreach (var (sequence, temporary, final) in _pending)
            {
                _replacer?.Replace(Path.GetDirectoryName(final)!, sequence);
                _lake.Move(temporary, final, overwrite: true);
                _published.Add((sequence, final));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ItemStreamException($"The Parquet writer could not rename its part files in '{_root}': {ex.Message} Check the folder and restart.", ex);
        }

        if (_pending.Count == 0)
        {
            return ValueTask.CompletedTask;
        }

        executionContext.Put(_sequenceKey, _pending[^1].Sequence);
        _pending.Clear();
        _pendingItems.Clear();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        DiscardPending(0);

        // Files replaced by a chunk that committed go now; those of a chunk whose commit did not end are settled by the
        // restart, against what the repository committed.
        if (_replacer is not null && _context is not null)
        {
            _replacer.Settle(_context.GetLong(_sequenceKey, 0), restoreUncommitted: false);
        }

        return ValueTask.CompletedTask;
    }

    private async Task WriteFileAsync(string folder, IEnumerable<T> rows, CancellationToken cancellationToken)
    {
        var sequence = _nextSequence++;
        var name = string.Create(CultureInfo.InvariantCulture, $"{_prefix}{sequence:D8}-{_execution}.parquet");
        var final = Path.Combine(folder, name);
        var temporary = Path.Combine(folder, "." + name + ".tmp");
        _pending.Add((sequence, temporary, final));
        try
        {
            _lake.Check(temporary);
            Directory.CreateDirectory(folder);
            var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                if (_options.Serializer is { } serializer)
                {
                    await serializer(rows, stream, cancellationToken).ConfigureAwait(false);
                }
                else if (_options.Columns is { } columns)
                {
                    await columns.WriteAsync(rows, stream, _options.ParquetOptions, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await ParquetSerializer.SerializeAsync(rows, stream, _options.ParquetOptions, null, cancellationToken).ConfigureAwait(false);
                }

                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ItemStreamException($"The Parquet writer could not write '{temporary}': {ex.Message} Check the disk and the folder's permissions, then restart.", ex);
        }
    }

    private string FolderOf(T item)
    {
        var folder = _root;
        foreach (var partition in _partitions)
        {
            folder = Path.Combine(folder, partition.SegmentFor(item));
        }

        return folder;
    }

    private void DiscardPending(int from)
    {
        if (from == 0)
        {
            _pendingItems.Clear();
        }

        for (var i = _pending.Count - 1; i >= from; i--)
        {
            _lake.Delete(_pending[i].Temporary);
            _pending.RemoveAt(i);
        }
    }

    private static long? SequenceOf(ReadOnlySpan<char> rest)
    {
        var dash = rest.IndexOf('-');
        return dash > 0 && long.TryParse(rest[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : null;
    }

    private static string Sanitize(string name) =>
        string.Create(name.Length, name, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_';
            }
        });
}
