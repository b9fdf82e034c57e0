using Batch.Items;

namespace Batch.Infrastructure.Storage;

/// <summary>The sort-merge of today's input and the kept one: two records in memory, never more.</summary>
internal sealed class ChangedRecordsReader<T, TKey> : IItemReader<RecordChange<T>>, IItemStream, IItemCountRestartable
{
    private readonly string _inputPath;
    private readonly KeptInput _kept;
    private readonly ChangedRecordsOptions<T, TKey> _options;
    private string? _keptPath;
    private readonly IComparer<TKey> _keys;
    private readonly IEqualityComparer<T> _records;
    private Side? _current;
    private Side? _previous;

    public ChangedRecordsReader(string inputPath, KeptInput kept, ChangedRecordsOptions<T, TKey> options)
    {
        _inputPath = inputPath;
        _kept = kept;
        _options = options;
        _keys = options.KeyComparer ?? Comparer<TKey>.Default;
        _records = options.RecordComparer ?? EqualityComparer<T>.Default;
    }

    public async ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        if (!File.Exists(_inputPath))
        {
            throw new ItemStreamException($"Today's input {_inputPath} does not exist: check that the file has arrived, then restart the job.");
        }

        _keptPath = await _kept.ChooseBaseAsync(executionContext, cancellationToken).ConfigureAwait(false);
        _current = await Side.OpenAsync(_inputPath, this, cancellationToken).ConfigureAwait(false);
        _previous = _keptPath is null ? null : await Side.OpenAsync(_keptPath, this, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public async ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        if (_current is not null)
        {
            await _current.CloseAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_previous is not null)
        {
            await _previous.CloseAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask<ItemResult<RecordChange<T>>> ReadAsync(CancellationToken cancellationToken)
    {
        var current = _current ?? throw new InvalidOperationException("The reader is not open.");
        while (true)
        {
            var hasCurrent = current.Head.HasItem;
            var hasPrevious = _previous is { Head.HasItem: true };
            if (!hasCurrent && !hasPrevious)
            {
                return ItemResult<RecordChange<T>>.None;
            }

            var order = !hasPrevious ? -1 : !hasCurrent ? 1 : _keys.Compare(_options.Key(current.Head.Item), _options.Key(_previous!.Head.Item));
            if (order < 0)
            {
                var added = current.Head.Item;
                await current.AdvanceAsync(cancellationToken).ConfigureAwait(false);
                return new RecordChange<T>(RecordChangeKind.Added, added, default);
            }

            if (order > 0)
            {
                var deleted = _previous!.Head.Item;
                await _previous.AdvanceAsync(cancellationToken).ConfigureAwait(false);
                if (_options.IncludeDeletions)
                {
                    return new RecordChange<T>(RecordChangeKind.Deleted, default, deleted);
                }

                continue;
            }

            var today = current.Head.Item;
            var before = _previous!.Head.Item;
            await current.AdvanceAsync(cancellationToken).ConfigureAwait(false);
            await _previous.AdvanceAsync(cancellationToken).ConfigureAwait(false);
            if (!_records.Equals(today, before))
            {
                return new RecordChange<T>(RecordChangeKind.Changed, today, before);
            }
        }
    }

    public async ValueTask SkipConsumedAsync(long itemsConsumed, CancellationToken cancellationToken)
    {
        for (long i = 0; i < itemsConsumed; i++)
        {
            if (!(await ReadAsync(cancellationToken).ConfigureAwait(false)).HasItem)
            {
                throw new ItemStreamException(
                    $"The comparison of {_inputPath} with {_keptPath ?? "nothing (first run)"} yields {i} changes, fewer than the {itemsConsumed} an earlier execution of the step consumed: " +
                    "one of the files changed since. Put back the input of the failed run, or start a new job instance.");
            }
        }
    }

    /// <summary>One input: its reader and the record read ahead, checked to come in key order.</summary>
    private sealed class Side(string path, IItemReader<T> reader, ChangedRecordsReader<T, TKey> owner)
    {
        private long _number;

        public ItemResult<T> Head { get; private set; }

        public static async Task<Side> OpenAsync(string path, ChangedRecordsReader<T, TKey> owner, CancellationToken cancellationToken)
        {
            var reader = owner._options.OpenReader(path);
            if (reader is IItemStream stream)
            {
                await stream.OpenAsync(new BatchExecutionContext(), cancellationToken).ConfigureAwait(false);
            }

            var side = new Side(path, reader, owner);
            await side.AdvanceAsync(cancellationToken).ConfigureAwait(false);
            return side;
        }

        public async ValueTask AdvanceAsync(CancellationToken cancellationToken)
        {
            var last = Head;
            Head = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (!Head.HasItem)
            {
                return;
            }

            _number++;
            if (last.HasItem)
            {
                var (before, now) = (owner._options.Key(last.Item), owner._options.Key(Head.Item));
                if (owner._keys.Compare(before, now) >= 0)
                {
                    throw new ItemStreamException(
                        $"{path} is not sorted by its key: record {_number} has the key '{now}' after '{before}'. Both inputs of a change detection must be sorted by the key, ascending, each key once: sort the file, then restart the job.");
                }
            }
        }

        public async ValueTask CloseAsync(CancellationToken cancellationToken)
        {
            if (reader is IItemStream stream)
            {
                await stream.CloseAsync(cancellationToken).ConfigureAwait(false);
            }
            else if (reader is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
