using System.Data.Common;
using System.Globalization;
using Batch.Items;

namespace Batch.Infrastructure.Database;

/// <summary>
/// Reads rows in pages ordered by a key (keyset paging: <c>WHERE key &gt; @last ORDER BY key LIMIT n</c>, never OFFSET), on any
/// <see cref="DbDataSource"/>: an <c>NpgsqlDataSource</c>, or SQLite through <c>SqliteFactory.Instance.CreateDataSource(…)</c>.
/// Restartable by the last key committed: at each checkpoint it saves the key of the last row handed out in the step's
/// context, and a restart reads the rows after it, so rows inserted before it in the meantime are not read again.
/// </summary>
/// <remarks>
/// <para>
/// The reader queries on its own connection (opened when the step starts, kept until it ends), not the chunk's: it sees
/// committed rows only. Each page is one query with the <see cref="KeysetReaderOptions{T}.FetchTimeout"/>; its rows are
/// mapped as they are read, nothing is buffered. As soon as the last row of a full page is handed out, the query of the next
/// page is sent (after that row's key), so the server runs it while the step writes and commits the chunk instead of after;
/// a failure of that query is reported by the read that needs its rows. Parameters are always bound
/// (<see cref="QueryParameters"/>), never spliced into the SQL.
/// </para>
/// <para>
/// A server that cannot be reached fails the step with an <see cref="ItemStreamException"/> naming the database; a query that
/// fails or exceeds the fetch timeout too. A row the mapper throws on becomes a <see cref="MalformedItemException"/> at
/// <c>key …</c>, which a fault-tolerant step can skip.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// new StepBuilder("export")
///     .Chunk&lt;Sale, Sale&gt;(1000)
///     .Reader(ctx =&gt; new KeysetItemReader&lt;Sale&gt;(dataSource, new KeysetReaderOptions&lt;Sale&gt;
///     {
///         Sql = "SELECT id, region, amount FROM sales WHERE day &gt;= CAST(@from AS date) AND region = @region",
///         KeyColumns = ["id"],
///         Parameters = QueryParameters.FromJobParameters(ctx.JobParameters), // query=from=2024-01-01&amp;region=KR (on the command line: %26 for that '&amp;')
///         Mapper = r =&gt; new Sale(r.GetInt64(0), r.GetString(1), r.GetDecimal(2)),
///     }))
///     .Writer(ctx =&gt; writer)
///     .Build();
/// </code>
/// </example>
/// <typeparam name="T">The item type.</typeparam>
public sealed class KeysetItemReader<T> : IItemReader<T>, IItemStream, IItemPositionProvider
{
    private readonly DbDataSource _dataSource;
    private readonly KeysetReaderOptions<T> _options;
    private readonly Func<DbDataReader, T> _mapper;
    private readonly string[] _keyColumns;
    private readonly string[] _contextKeys;
    private readonly string _firstSql;
    private readonly string _nextSql;
    private readonly int _timeoutSeconds;
    private readonly KeyValue[] _last;
    private int[]? _keyOrdinals;
    private KeyKind[]? _keyKinds;
    private bool _hasLast;
    private bool _consumed;
    private bool _exhausted;
    private int _pageRows;
    private DbConnection? _connection;
    private DbCommand? _next;
    private bool _nextPrepared;
    private DbDataReader? _rows;
    private DbCommand? _firstPage;
    private Task<DbDataReader>? _nextPage;

    /// <summary>Creates the reader.</summary>
    /// <param name="dataSource">Where to read (the reader opens one connection from it for the step).</param>
    /// <param name="options">The query, key, mapper and limits.</param>
    /// <exception cref="ArgumentException">
    /// The options are incomplete, a name is not a SQL name, or the Sql has a placeholder (<c>@region</c>) that no query parameter binds; the message says which.
    /// </exception>
    public KeysetItemReader(DbDataSource dataSource, KeysetReaderOptions<T> options)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _dataSource = dataSource;
        _options = options;
        _mapper = options.Mapper!;
        _keyColumns = [.. options.KeyColumns];
        _contextKeys = [.. _keyColumns.Select(c => options.Name + ".lastKey." + Unquote(c))];
        _last = new KeyValue[_keyColumns.Length];
        _timeoutSeconds = (int)Math.Min(int.MaxValue, Math.Ceiling(options.FetchTimeout.TotalSeconds));
        var source = options.Sql ?? $"SELECT {(options.Columns.Count == 0 ? "*" : string.Join(", ", options.Columns))} FROM {options.Table}";
        var order = string.Join(", ", _keyColumns);
        var limit = options.PageSize.ToString(CultureInfo.InvariantCulture);
        var after = _keyColumns.Length == 1
            ? $"{_keyColumns[0]} > @batch_last0"
            : $"({order}) > ({string.Join(", ", _keyColumns.Select((_, i) => "@batch_last" + i.ToString(CultureInfo.InvariantCulture)))})";
        _firstSql = $"SELECT * FROM ({source}) batch_page ORDER BY {order} LIMIT {limit}";
        _nextSql = $"SELECT * FROM ({source}) batch_page WHERE {after} ORDER BY {order} LIMIT {limit}";
    }

    /// <summary>The key of the row read last, as <c>key 42</c> or <c>key (2024-01-01, 7)</c>; null before the first.</summary>
    public string? CurrentPosition => _hasLast ? "key " + FormatKey() : null;

    /// <inheritdoc />
    public ValueTask<ItemResult<T>> ReadAsync(CancellationToken cancellationToken)
    {
        // The rows of a page arrive in buffers: most reads complete synchronously and need no state machine.
        if (_rows is { } rows)
        {
            Task<bool> reading;
            try
            {
                reading = rows.ReadAsync(cancellationToken);
            }
            catch (Exception ex) when (IsQueryFailure(ex, cancellationToken))
            {
                throw QueryFailed(ex);
            }

            if (reading.IsCompletedSuccessfully && reading.Result)
            {
                return new(HandOut(rows, cancellationToken));
            }

            return ReadSlowAsync(reading, cancellationToken);
        }

        return ReadSlowAsync(null, cancellationToken);
    }

    private async ValueTask<ItemResult<T>> ReadSlowAsync(Task<bool>? reading, CancellationToken cancellationToken)
    {
        while (true)
        {
            var rows = _rows;
            if (rows is null)
            {
                if (_exhausted)
                {
                    return ItemResult<T>.None;
                }

                rows = await QueryPageAsync(cancellationToken).ConfigureAwait(false);
                reading = null;
            }

            bool read;
            try
            {
                read = await (reading ?? rows.ReadAsync(cancellationToken)).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsQueryFailure(ex, cancellationToken))
            {
                throw QueryFailed(ex);
            }

            reading = null;
            if (read)
            {
                return HandOut(rows, cancellationToken);
            }

            _exhausted = _pageRows < _options.PageSize;
            await CloseRowsAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Maps the current row; after the last row of a full page, sends the next page's query.</summary>
    private ItemResult<T> HandOut(DbDataReader rows, CancellationToken cancellationToken)
    {
        _pageRows++;
        CaptureKey(rows);
        _consumed = true;
        T item;
        try
        {
            item = _mapper(rows);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not DbException)
        {
            throw new MalformedItemException($"The row at {CurrentPosition} of reader '{_options.Name}' could not be mapped: {ex.Message}", CurrentPosition, ex);
        }

        if (_pageRows == _options.PageSize && _connection is { } connection)
        {
            // The page is full, so its query has no row left: close it and let the server run the next page's query while the
            // step writes and commits. Its result (or failure) is taken by the read that needs it.
            var firstPage = _firstPage;
            _rows = null;
            _firstPage = null;
            _nextPage = QueryNextPageAsync(connection, rows, firstPage, cancellationToken);
        }

        return new ItemResult<T>(item);
    }

    /// <inheritdoc />
    public async ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executionContext);
        RestoreKey(executionContext);
        _exhausted = false;
        try
        {
            _connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DbException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            throw new ItemStreamException(
                $"Reader '{_options.Name}' cannot connect to the database {DataSourceDescription.Describe(_dataSource)}: {ex.Message}. " +
                "Check that the server is running and reachable from here (host, port, credentials), then restart the job.", ex);
        }
    }

    /// <inheritdoc />
    public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(executionContext);
        if (_consumed)
        {
            _consumed = false;
            for (var i = 0; i < _last.Length; i++)
            {
                if (_last[i].Other is null)
                {
                    executionContext.Put(_contextKeys[i], _last[i].Long);
                }
                else
                {
                    executionContext.Put(_contextKeys[i], _last[i].Other);
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask CloseAsync(CancellationToken cancellationToken)
    {
        await CloseRowsAsync().ConfigureAwait(false);
        if (_next is not null)
        {
            await _next.DisposeAsync().ConfigureAwait(false);
            _next = null;
            _nextPrepared = false;
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }
    }

    private async ValueTask<DbDataReader> QueryPageAsync(CancellationToken cancellationToken)
    {
        var connection = _connection ?? throw new InvalidOperationException($"Reader '{_options.Name}' is not open: the step opens it (IItemStream.OpenAsync) before reading.");
        try
        {
            if (_nextPage is { } sent)
            {
                _nextPage = null;
                _pageRows = 0;
                _rows = await sent.ConfigureAwait(false);
                return _rows;
            }

            DbCommand command;
            if (_hasLast)
            {
                command = await PrepareNextAsync(connection, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // Kept until its page is read: disposing a command closes its data reader on some providers (SQLite).
                command = _firstPage = CreateCommand(connection, _firstSql, withKeys: false);
            }

            _pageRows = 0;
            _rows = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (_keyOrdinals is null)
            {
                var rows = _rows;
                _keyOrdinals = [.. _keyColumns.Select(c => rows.GetOrdinal(Unquote(c)))];
                _keyKinds = [.. _keyOrdinals.Select(o => KindOf(rows.GetFieldType(o)))];
            }

            return _rows;
        }
        catch (Exception ex) when (IsQueryFailure(ex, cancellationToken))
        {
            throw QueryFailed(ex);
        }
        catch (IndexOutOfRangeException ex)
        {
            throw new ItemStreamException(
                $"Reader '{_options.Name}': the query's result has no column named like its key columns ({string.Join(", ", _keyColumns)}). " +
                "Select the key columns under those names.", ex);
        }
    }

    /// <summary>
    /// Closes a full page's rows and sends the query of the page after the last key handed out. Runs synchronously up to the
    /// server's answer; the reader touches neither the connection nor these objects until it awaits the result.
    /// </summary>
    private async Task<DbDataReader> QueryNextPageAsync(DbConnection connection, DbDataReader done, DbCommand? firstPage, CancellationToken cancellationToken)
    {
        await done.DisposeAsync().ConfigureAwait(false);
        if (firstPage is not null)
        {
            await firstPage.DisposeAsync().ConfigureAwait(false);
        }

        var command = await PrepareNextAsync(connection, cancellationToken).ConfigureAwait(false);
        return await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The next-page command (made and prepared at its first use) bound to the last key handed out.</summary>
    private async ValueTask<DbCommand> PrepareNextAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var command = _next ??= CreateCommand(connection, _nextSql, withKeys: true);
        for (var i = 0; i < _last.Length; i++)
        {
            command.Parameters[i].Value = _last[i].Other ?? _last[i].Long;
        }

        if (!_nextPrepared)
        {
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            _nextPrepared = true;
        }

        return command;
    }

    private DbCommand CreateCommand(DbConnection connection, string sql, bool withKeys)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = _timeoutSeconds;
        if (withKeys)
        {
            for (var i = 0; i < _last.Length; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@batch_last" + i.ToString(CultureInfo.InvariantCulture);
                parameter.Value = _last[i].Other ?? _last[i].Long;
                command.Parameters.Add(parameter);
            }
        }

        _options.Parameters.AddTo(command);
        return command;
    }

    private void CaptureKey(DbDataReader rows)
    {
        var ordinals = _keyOrdinals!;
        var kinds = _keyKinds!;
        for (var i = 0; i < ordinals.Length; i++)
        {
            var ordinal = ordinals[i];
            if (rows.IsDBNull(ordinal))
            {
                throw new ItemStreamException(
                    $"Reader '{_options.Name}' met a row whose key column {_keyColumns[i]} is null (after {CurrentPosition ?? "the start"}). " +
                    "A keyset reader needs a key that is never null and unique: filter the nulls out in the query, or choose another key.");
            }

            _last[i] = kinds[i] switch
            {
                KeyKind.Int64 => new KeyValue(rows.GetInt64(ordinal), null),
                KeyKind.Int32 => new KeyValue(rows.GetInt32(ordinal), null),
                _ => new KeyValue(0, rows.GetValue(ordinal)),
            };
        }

        _hasLast = true;
    }

    private void RestoreKey(BatchExecutionContext context)
    {
        var found = 0;
        for (var i = 0; i < _contextKeys.Length; i++)
        {
            switch (context.GetRaw(_contextKeys[i]))
            {
                case null:
                    continue;
                case long value:
                    _last[i] = new KeyValue(value, null);
                    break;
                case int value:
                    _last[i] = new KeyValue(value, null);
                    break;
                case System.Text.Json.JsonElement:
                    throw new ItemStreamException(
                        $"Reader '{_options.Name}' cannot restore its last key from the step's context entry '{_contextKeys[i]}': its type is not known here. " +
                        "Restart with the same version of the job that saved it.");
                case var value:
                    _last[i] = new KeyValue(0, value);
                    break;
            }

            found++;
        }

        if (found != 0 && found != _contextKeys.Length)
        {
            throw new ItemStreamException(
                $"Reader '{_options.Name}' found only part of its last key in the step's context ({string.Join(", ", _contextKeys)}): " +
                "were the key columns changed since the run that saved it? Restore them, or start a new job instance.");
        }

        _hasLast = found != 0;
        _consumed = false;
    }

    private async ValueTask CloseRowsAsync()
    {
        if (_nextPage is { } sent)
        {
            // A page sent ahead that nobody will read (the step ends or failed): wait for it and let its rows go.
            _nextPage = null;
            try
            {
                await (await sent.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
#pragma warning disable CA1031 // no one asked for that page: its failure is not this close's
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        if (_rows is not null)
        {
            await _rows.DisposeAsync().ConfigureAwait(false);
            _rows = null;
        }

        if (_firstPage is not null)
        {
            await _firstPage.DisposeAsync().ConfigureAwait(false);
            _firstPage = null;
        }
    }

    private static bool IsQueryFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is DbException or TimeoutException && !cancellationToken.IsCancellationRequested;

    private ItemStreamException QueryFailed(Exception ex)
    {
        var resource = DataSourceDescription.Describe(_dataSource);
        var resume = "then restart the job: it resumes after the last committed key" + (_hasLast ? $" ({FormatKey()} or earlier)." : ".");
        return ex is TimeoutException || ex.InnerException is TimeoutException
            ? new ItemStreamException(
                $"Reader '{_options.Name}' got no page from {resource} within its fetch timeout of {_timeoutSeconds} s (the data-query timeout). " +
                $"Raise FetchTimeout, make the query faster (an index on {string.Join(", ", _keyColumns)}) or check the server, {resume}", ex)
            : new ItemStreamException(
                $"Reader '{_options.Name}' could not read its page from {resource}: {OneLine(ex.Message)}. Check the query and the server, {resume}", ex);
    }

    private string FormatKey()
    {
        static string One(KeyValue key) => key.Other is null
            ? key.Long.ToString(CultureInfo.InvariantCulture)
            : Convert.ToString(key.Other, CultureInfo.InvariantCulture) ?? string.Empty;

        return _last.Length == 1 ? One(_last[0]) : "(" + string.Join(", ", _last.Select(One)) + ")";
    }

    private static string Unquote(string name)
    {
        var last = name[(name.LastIndexOf('.') + 1)..];
        return last.Length >= 2 && last[0] == '"' ? last[1..^1] : last;
    }

    private static KeyKind KindOf(Type type) => type == typeof(long) ? KeyKind.Int64 : type == typeof(int) ? KeyKind.Int32 : KeyKind.Other;

    /// <summary>How a key column is read: as an integer without boxing, or as the provider's value.</summary>
    private enum KeyKind
    {
        Int64,
        Int32,
        Other,
    }

    /// <summary>One key column's value: integers without boxing, anything else as read.</summary>
    private readonly record struct KeyValue(long Long, object? Other);

    /// <summary>A driver's message on one line, without its closing full stop (PostgreSQL puts POSITION on a line of its own).</summary>
    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd('.');
}
