using Batch.Items;

namespace Batch.Infrastructure.Storage;

/// <summary>What <see cref="ChangedRecords{T, TKey}"/> compares, and how.</summary>
/// <typeparam name="T">The record type.</typeparam>
/// <typeparam name="TKey">The key column's type.</typeparam>
public sealed class ChangedRecordsOptions<T, TKey>
{
    /// <summary>The path of today's input file, from the job's parameters (for example <c>p =&gt; p.GetString("file")</c>).</summary>
    public required Func<JobParameters, string> InputPath { get; init; }

    /// <summary>The name, in the warehouse, of the last successfully processed input (for example <c>customers/last.csv</c>).</summary>
    public required string KeptName { get; init; }

    /// <summary>
    /// Opens a reader over a file: used for today's input and for the kept one. A reader that is an
    /// <see cref="IItemStream"/> is opened with an empty context and closed. Both files must be sorted by
    /// <see cref="Key"/>, ascending (as <see cref="KeyComparer"/> orders them), with each key once.
    /// </summary>
    public required Func<string, IItemReader<T>> OpenReader { get; init; }

    /// <summary>The key column of a record.</summary>
    public required Func<T, TKey> Key { get; init; }

    /// <summary>Orders keys; default <see cref="Comparer{T}.Default"/>.</summary>
    public IComparer<TKey>? KeyComparer { get; init; }

    /// <summary>Tells whether two records with the same key are equal; default <see cref="EqualityComparer{T}.Default"/> (value equality for records).</summary>
    public IEqualityComparer<T>? RecordComparer { get; init; }

    /// <summary>Whether keys that disappeared are yielded as <see cref="RecordChangeKind.Deleted"/>. Default false.</summary>
    public bool IncludeDeletions { get; init; }
}
