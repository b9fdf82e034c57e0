namespace Batch.Infrastructure.Database;

/// <summary>What a database writer does with a row whose unique key is already in the table.</summary>
public enum DuplicateKeyMode
{
    /// <summary>The insert fails, and with it the chunk (the default: a duplicate is an error).</summary>
    Fail = 0,

    /// <summary>
    /// Seed 001's <c>ignoredup</c>: the row is skipped (<c>ON CONFLICT DO NOTHING</c>) and counted; the count is kept in the step's
    /// context (see <see cref="DuplicateKeyCounts"/>) and logged. Rows that were inserted are counted as written as usual.
    /// </summary>
    Ignore = 1,

    /// <summary>An upsert: the existing row's other columns are updated (<c>ON CONFLICT (key) DO UPDATE</c>); needs the key columns.</summary>
    Update = 2,
}
