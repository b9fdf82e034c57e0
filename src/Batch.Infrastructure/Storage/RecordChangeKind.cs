namespace Batch.Infrastructure.Storage;

/// <summary>How a record of today's input differs from the last processed input.</summary>
public enum RecordChangeKind
{
    /// <summary>Its key was not in the last processed input.</summary>
    Added,

    /// <summary>Its key was there, with a different record.</summary>
    Changed,

    /// <summary>Its key was there and is gone today (only when deletions are asked for).</summary>
    Deleted,
}
