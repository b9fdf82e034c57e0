using Microsoft.Extensions.Logging;

namespace Batch.Infrastructure.Database;

/// <summary>
/// Counts the rows a writer skipped as duplicates, per chunk attempt: what a rolled-back attempt counted is dropped (the next
/// attempt has another chunk transaction), and what the attempt that commits counted is added to the step's context just
/// before the commit, so the count commits with the rows.
/// </summary>
internal sealed class IgnoredDuplicateTally
{
    private readonly string _contextKey;
    private readonly string _writerName;
    private readonly string _table;
    private readonly ILogger _logger;
    private readonly LogLevel _level;
    private IChunkTransaction? _attempt;
    private System.Data.Common.DbTransaction? _attemptTransaction;
    private long _pending;
    private long _total;

    public IgnoredDuplicateTally(string writerName, string table, LogLevel level, ILoggerFactory? loggerFactory)
    {
        _level = level;
        _writerName = writerName;
        _table = table;
        _contextKey = DuplicateKeyCounts.ContextKey(writerName);
        _logger = (loggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance).CreateLogger(BatchLogCategories.Step);
    }

    /// <summary>Records rows skipped by one successful write in the chunk's transaction.</summary>
    public void Record(IChunkTransaction? attempt, long ignored)
    {
        if (!ReferenceEquals(attempt, _attempt))
        {
            _attempt = attempt;
            _attemptTransaction = attempt?.Transaction;
            _pending = 0;
        }

        _pending += ignored;
    }

    /// <summary>Adds the chunk's count to the context (only when it skipped rows, so other chunks leave the context clean).</summary>
    public void Update(BatchExecutionContext context)
    {
        // The attempt that counted may have been rolled back since (a fault-tolerant step then writes the chunk again in
        // another transaction, which counts anew): only a transaction still live is the one about to commit.
        var pending = _attempt is not null && IsLive(_attemptTransaction) ? _pending : 0;
        _attempt = null;
        _attemptTransaction = null;
        _pending = 0;
        _total = context.GetLong(_contextKey, 0);
        if (pending == 0)
        {
            return;
        }

        _total += pending;
        context.Put(_contextKey, _total);
        DatabaseLog.DuplicatesIgnored(_logger, _level, _writerName, pending, _table, _total);
    }

    private static bool IsLive(System.Data.Common.DbTransaction? transaction)
    {
        try
        {
            return transaction?.Connection is not null;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Logs the step's total at the end, when there is one.</summary>
    public void Close()
    {
        if (_total > 0)
        {
            DatabaseLog.DuplicatesIgnoredTotal(_logger, _level, _writerName, _total, _table, _contextKey);
        }
    }
}
