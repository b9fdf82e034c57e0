namespace Batch.Infrastructure.Storage;

/// <summary>One record that changed since the last processed input.</summary>
/// <typeparam name="T">The record type.</typeparam>
/// <param name="Kind">Added, changed or deleted.</param>
/// <param name="Current">Today's record (the default of <typeparamref name="T"/> for a deletion).</param>
/// <param name="Previous">The last processed record (the default of <typeparamref name="T"/> for an addition).</param>
public sealed record RecordChange<T>(RecordChangeKind Kind, T? Current, T? Previous);
