using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace Batch.Infrastructure.Tests.Support;

/// <summary>
/// Wraps a data source and counts what the repository sends to the database: statements (each command,
/// each command of a batch) and round trips (each command or batch executed). Transaction control
/// (BEGIN/COMMIT) is not counted as a statement.
/// </summary>
internal sealed class CountingDataSource : DbDataSource
{
    private readonly DbDataSource _inner;
    private readonly Tally _tally;

    public CountingDataSource(DbDataSource inner)
        : this(inner, new Tally())
    {
    }

    private CountingDataSource(DbDataSource inner, Tally tally)
    {
        _inner = inner;
        _tally = tally;
    }

    /// <summary>A wrapper of another data source (the repository's second pool) that counts into the same totals as this one.</summary>
    public CountingDataSource Beside(DbDataSource other) => new(other, _tally);

    public int Statements => Volatile.Read(ref _tally.Statements);

    public int RoundTrips => Volatile.Read(ref _tally.RoundTrips);

    public override string ConnectionString => _inner.ConnectionString;

    /// <summary>The text of every statement sent, in order (a batch's commands one by one), to name what a count is made of.</summary>
    public IReadOnlyCollection<string> Texts => _tally.Texts;

    /// <summary>Completes once at least <paramref name="count"/> statements were sent: a signal a test awaits instead of polling.</summary>
    public Task StatementsReachedAsync(int count)
    {
        lock (_tally.Waiters)
        {
            if (Statements >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _tally.Waiters.Add((count, reached));
            return reached.Task;
        }
    }

    internal void Count(string text)
    {
        _tally.Texts.Enqueue(text);
        Interlocked.Increment(ref _tally.Statements);
        Interlocked.Increment(ref _tally.RoundTrips);
        Signal();
    }

    private void Signal()
    {
        lock (_tally.Waiters)
        {
            var statements = Statements;
            foreach (var waiter in _tally.Waiters.Where(w => w.Count <= statements))
            {
                waiter.Reached.TrySetResult();
            }

            _tally.Waiters.RemoveAll(w => w.Count <= statements);
        }
    }

    internal void Count(DbBatchCommandCollection commands)
    {
        var statements = 0;
        foreach (DbBatchCommand command in commands)
        {
            _tally.Texts.Enqueue(command.CommandText);
            // A COMMIT sent in the batch (a chunk commit on PostgreSQL) ends the transaction, as DbTransaction.Commit does
            // uncounted elsewhere: it is no statement of the budget, and it rides in this round trip.
            statements += command.CommandText == "COMMIT" ? 0 : 1;
        }

        Interlocked.Add(ref _tally.Statements, statements);
        Interlocked.Increment(ref _tally.RoundTrips);
        Signal();
    }

    /// <summary>What one or more wrappers counted together.</summary>
    private sealed class Tally
    {
        public int Statements;
        public int RoundTrips;
        public readonly System.Collections.Concurrent.ConcurrentQueue<string> Texts = new();
        public readonly List<(int Count, TaskCompletionSource Reached)> Waiters = [];
    }

    protected override DbConnection CreateDbConnection() => new Connection(_inner.CreateConnection(), this);

    protected override DbConnection OpenDbConnection() => new Connection(_inner.OpenConnection(), this);

    protected override async ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default) =>
        new Connection(await _inner.OpenConnectionAsync(cancellationToken), this);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await _inner.DisposeAsync();
        await base.DisposeAsyncCore();
    }

    private sealed class Connection(DbConnection inner, CountingDataSource counter) : DbConnection
    {
        public DbConnection Inner => inner;

        public CountingDataSource Counter => counter;

        [AllowNull]
        public override string ConnectionString { get => inner.ConnectionString; set => inner.ConnectionString = value; }

        public override string Database => inner.Database;

        public override string DataSource => inner.DataSource;

        public override string ServerVersion => inner.ServerVersion;

        public override ConnectionState State => inner.State;

        public override bool CanCreateBatch => inner.CanCreateBatch;

        public override void ChangeDatabase(string databaseName) => inner.ChangeDatabase(databaseName);

        public override void Close() => inner.Close();

        public override void Open() => inner.Open();

        public override Task OpenAsync(CancellationToken cancellationToken) => inner.OpenAsync(cancellationToken);

        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => new Transaction(inner.BeginTransaction(isolationLevel), this);

        protected override async ValueTask<DbTransaction> BeginDbTransactionAsync(IsolationLevel isolationLevel, CancellationToken cancellationToken) =>
            new Transaction(await inner.BeginTransactionAsync(isolationLevel, cancellationToken), this);

        protected override DbCommand CreateDbCommand() => new Command(inner.CreateCommand(), this);

        protected override DbBatch CreateDbBatch() => new Batch(inner.CreateBatch(), this);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }

    private sealed class Transaction(DbTransaction inner, Connection connection) : DbTransaction
    {
        public DbTransaction Inner => inner;

        public override IsolationLevel IsolationLevel => inner.IsolationLevel;

        protected override DbConnection DbConnection => connection;

        public override void Commit() => inner.Commit();

        public override void Rollback() => inner.Rollback();

        public override Task CommitAsync(CancellationToken cancellationToken = default) => inner.CommitAsync(cancellationToken);

        public override Task RollbackAsync(CancellationToken cancellationToken = default) => inner.RollbackAsync(cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }

    private sealed class Command(DbCommand inner, Connection connection) : DbCommand
    {
        private Connection? _connection = connection;
        private Transaction? _transaction;

        [AllowNull]
        public override string CommandText { get => inner.CommandText; set => inner.CommandText = value; }

        public override int CommandTimeout { get => inner.CommandTimeout; set => inner.CommandTimeout = value; }

        public override CommandType CommandType { get => inner.CommandType; set => inner.CommandType = value; }

        public override UpdateRowSource UpdatedRowSource { get => inner.UpdatedRowSource; set => inner.UpdatedRowSource = value; }

        public override bool DesignTimeVisible { get => inner.DesignTimeVisible; set => inner.DesignTimeVisible = value; }

        protected override DbConnection? DbConnection
        {
            get => _connection;
            set
            {
                _connection = (Connection?)value;
                inner.Connection = _connection?.Inner;
            }
        }

        protected override DbParameterCollection DbParameterCollection => inner.Parameters;

        protected override DbTransaction? DbTransaction
        {
            get => _transaction;
            set
            {
                _transaction = (Transaction?)value;
                inner.Transaction = _transaction?.Inner;
            }
        }

        public override void Cancel() => inner.Cancel();

        public override void Prepare() => inner.Prepare();

        public override Task PrepareAsync(CancellationToken cancellationToken = default) => inner.PrepareAsync(cancellationToken);

        protected override DbParameter CreateDbParameter() => inner.CreateParameter();

        public override int ExecuteNonQuery()
        {
            _connection!.Counter.Count(inner.CommandText);
            return inner.ExecuteNonQuery();
        }

        public override object? ExecuteScalar()
        {
            _connection!.Counter.Count(inner.CommandText);
            return inner.ExecuteScalar();
        }

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
        {
            _connection!.Counter.Count(inner.CommandText);
            return inner.ExecuteReader(behavior);
        }

        public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken)
        {
            _connection!.Counter.Count(inner.CommandText);
            return inner.ExecuteNonQueryAsync(cancellationToken);
        }

        public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken)
        {
            _connection!.Counter.Count(inner.CommandText);
            return inner.ExecuteScalarAsync(cancellationToken);
        }

        protected override Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
        {
            _connection!.Counter.Count(inner.CommandText);
            return inner.ExecuteReaderAsync(behavior, cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class Batch(DbBatch inner, Connection connection) : DbBatch
    {
        private Connection? _connection = connection;
        private Transaction? _transaction;

        public override int Timeout { get => inner.Timeout; set => inner.Timeout = value; }

        protected override DbBatchCommandCollection DbBatchCommands => inner.BatchCommands;

        protected override DbConnection? DbConnection
        {
            get => _connection;
            set
            {
                _connection = (Connection?)value;
                inner.Connection = _connection?.Inner;
            }
        }

        protected override DbTransaction? DbTransaction
        {
            get => _transaction;
            set
            {
                _transaction = (Transaction?)value;
                inner.Transaction = _transaction?.Inner;
            }
        }

        public override void Cancel() => inner.Cancel();

        public override void Prepare() => inner.Prepare();

        public override Task PrepareAsync(CancellationToken cancellationToken = default) => inner.PrepareAsync(cancellationToken);

        protected override DbBatchCommand CreateDbBatchCommand() => inner.CreateBatchCommand();

        public override int ExecuteNonQuery()
        {
            _connection!.Counter.Count(inner.BatchCommands);
            return inner.ExecuteNonQuery();
        }

        public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken = default)
        {
            _connection!.Counter.Count(inner.BatchCommands);
            return inner.ExecuteNonQueryAsync(cancellationToken);
        }

        public override object? ExecuteScalar()
        {
            _connection!.Counter.Count(inner.BatchCommands);
            return inner.ExecuteScalar();
        }

        public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken = default)
        {
            _connection!.Counter.Count(inner.BatchCommands);
            return inner.ExecuteScalarAsync(cancellationToken);
        }

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
        {
            _connection!.Counter.Count(inner.BatchCommands);
            return inner.ExecuteReader(behavior);
        }

        protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
        {
            _connection!.Counter.Count(inner.BatchCommands);
            return await inner.ExecuteReaderAsync(behavior, cancellationToken);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }
    }
}
