using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace Batch.Infrastructure.Database;

/// <summary>What a <see cref="DbBatchItemWriter{T}"/> writes, and what it does with duplicate keys.</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class DbBatchWriterOptions<T>
{
    /// <summary>The table to insert into.</summary>
    public string? Table { get; set; }

    /// <summary>The columns, in the order <see cref="Binder"/> fills their parameters (<c>@p0</c>, <c>@p1</c>, …).</summary>
    public IReadOnlyList<string> Columns { get; set; } = [];

    /// <summary>
    /// The columns of the unique key that <see cref="OnDuplicateKey"/> is about: needed by <see cref="DuplicateKeyMode.Update"/>;
    /// with <see cref="DuplicateKeyMode.Ignore"/>, a conflict on any unique key is ignored when they are not given.
    /// </summary>
    public IReadOnlyList<string> KeyColumns { get; set; } = [];

    /// <summary>What a row whose key is already in the table does: fail the chunk (default), be ignored and counted, or update the row.</summary>
    public DuplicateKeyMode OnDuplicateKey { get; set; } = DuplicateKeyMode.Fail;

    /// <summary>
    /// The level of the log lines about rows ignored as duplicates (<see cref="DuplicateKeyMode.Ignore"/>: one per chunk that
    /// ignored some, and the step's total at its end); <see cref="LogLevel.Warning"/> by default. Lower it where duplicates are
    /// expected — a job that collects the same rows again on every run — so they do not read as a problem; they are counted
    /// whatever the level.
    /// </summary>
    public LogLevel IgnoredDuplicatesLogLevel { get; set; } = LogLevel.Warning;

    /// <summary>
    /// Sets the parameters of one row from an item: <c>(item, p) =&gt; { p[0].Value = item.Id; p[1].Value = item.Name; }</c>,
    /// one parameter per column in <see cref="Columns"/> order. Called once per item; the parameters are created once per step.
    /// Use <see cref="DBNull.Value"/> for a null.
    /// </summary>
    public Action<T, DbParameterCollection>? Binder { get; set; }

    /// <summary>The writer's name in its log and in the step's context (<see cref="DuplicateKeyCounts"/>); unique within the step.</summary>
    public string Name { get; set; } = "batch.writer";

    internal void Validate()
    {
        SqlIdentifier.Require(Table, "table");
        SqlIdentifier.RequireAll(Columns, "column");
        foreach (var key in KeyColumns)
        {
            SqlIdentifier.Require(key, "key column");
        }

        ArgumentNullException.ThrowIfNull(Binder, nameof(Binder));
        ArgumentException.ThrowIfNullOrWhiteSpace(Name, nameof(Name));
        if (OnDuplicateKey == DuplicateKeyMode.Update && KeyColumns.Count == 0)
        {
            throw new ArgumentException("An upsert (OnDuplicateKey = Update) needs KeyColumns: the columns of the unique key that decides which row to update.", nameof(KeyColumns));
        }
    }
}
