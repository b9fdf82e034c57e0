using Microsoft.Extensions.Logging;
using Npgsql;

namespace Batch.Infrastructure.Database;

/// <summary>What a <see cref="PostgresCopyItemWriter{T}"/> writes, and what it does with duplicate keys.</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class PostgresCopyWriterOptions<T>
{
    /// <summary>The table to load.</summary>
    public string? Table { get; set; }

    /// <summary>The columns, in the order <see cref="WriteRow"/> writes them.</summary>
    public IReadOnlyList<string> Columns { get; set; } = [];

    /// <summary>The columns of the unique key for <see cref="DuplicateKeyMode.Update"/> (and, optionally, <see cref="DuplicateKeyMode.Ignore"/>).</summary>
    public IReadOnlyList<string> KeyColumns { get; set; } = [];

    /// <summary>
    /// What a row whose key is already in the table does. COPY itself cannot skip a conflict: with <see cref="DuplicateKeyMode.Ignore"/>
    /// or <see cref="DuplicateKeyMode.Update"/> the chunk is copied into a temporary table, then moved with
    /// <c>INSERT … SELECT … ON CONFLICT</c> in the same transaction (one more statement per chunk).
    /// </summary>
    public DuplicateKeyMode OnDuplicateKey { get; set; } = DuplicateKeyMode.Fail;

    /// <summary>
    /// The level of the log lines about rows ignored as duplicates (<see cref="DuplicateKeyMode.Ignore"/>: one per chunk that
    /// ignored some, and the step's total at its end); <see cref="LogLevel.Warning"/> by default. Lower it where duplicates are
    /// expected — a job that collects the same rows again on every run — so they do not read as a problem; they are counted
    /// whatever the level.
    /// </summary>
    public LogLevel IgnoredDuplicatesLogLevel { get; set; } = LogLevel.Warning;

    /// <summary>
    /// Writes one item's columns, in <see cref="Columns"/> order, after the writer started its row:
    /// <c>async (o, row, ct) =&gt; { await row.WriteAsync(o.Id, NpgsqlDbType.Bigint, ct); await row.WriteAsync(o.Name, NpgsqlDbType.Text, ct); }</c>.
    /// Write nulls with <c>row.WriteNullAsync(ct)</c>.
    /// </summary>
    public Func<T, NpgsqlBinaryImporter, CancellationToken, Task>? WriteRow { get; set; }

    /// <summary>The writer's name in its log and in the step's context (<see cref="DuplicateKeyCounts"/>); unique within the step.</summary>
    public string Name { get; set; } = "copy.writer";

    internal void Validate()
    {
        SqlIdentifier.Require(Table, "table");
        SqlIdentifier.RequireAll(Columns, "column");
        foreach (var key in KeyColumns)
        {
            SqlIdentifier.Require(key, "key column");
        }

        ArgumentNullException.ThrowIfNull(WriteRow, nameof(WriteRow));
        ArgumentException.ThrowIfNullOrWhiteSpace(Name, nameof(Name));
        if (OnDuplicateKey == DuplicateKeyMode.Update && KeyColumns.Count == 0)
        {
            throw new ArgumentException("An upsert (OnDuplicateKey = Update) needs KeyColumns: the columns of the unique key that decides which row to update.", nameof(KeyColumns));
        }
    }
}
