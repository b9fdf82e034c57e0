namespace Samples.Pass;

/// <summary>The state of a bulk pass an admin registered for a group.</summary>
public enum BulkPassStatus
{
    /// <summary>Waiting for its start time (stored as <c>READY</c>).</summary>
    Ready,

    /// <summary>Issued to every member of its group (stored as <c>COMPLETED</c>).</summary>
    Completed,
}
