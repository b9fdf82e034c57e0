namespace Samples.Pass;

/// <summary>Passes an admin registered for every member of a group, issued by add-passes once their start time has come.</summary>
public sealed class BulkPass
{
    /// <summary>The bulk pass's id.</summary>
    public long Id { get; set; }

    /// <summary>The package of the passes.</summary>
    public long PackageId { get; set; }

    /// <summary>The group whose members get a pass.</summary>
    public long GroupId { get; set; }

    /// <summary>Ready or completed.</summary>
    public BulkPassStatus Status { get; set; }

    /// <summary>When the passes are due, and their start (UTC).</summary>
    public DateTime StartsAt { get; set; }

    /// <summary>The end of the passes (UTC).</summary>
    public DateTime EndsAt { get; set; }

    /// <summary>The sessions of each pass, or null for unlimited use.</summary>
    public int? Sessions { get; set; }

    /// <summary>When add-passes issued them (UTC), or null.</summary>
    public DateTime? IssuedAt { get; set; }

    /// <summary>How many passes add-passes issued.</summary>
    public int IssuedCount { get; set; }
}
