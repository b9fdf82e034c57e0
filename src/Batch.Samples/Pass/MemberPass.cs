namespace Samples.Pass;

/// <summary>A member's pass (이용권): a package's sessions, valid from its start to its end.</summary>
public sealed class MemberPass
{
    /// <summary>The pass's id.</summary>
    public long Id { get; set; }

    /// <summary>The package it was sold or issued from.</summary>
    public long PackageId { get; set; }

    /// <summary>The member who holds it.</summary>
    public long MemberId { get; set; }

    /// <summary>Usable or expired.</summary>
    public PassStatus Status { get; set; }

    /// <summary>When it becomes valid (UTC).</summary>
    public DateTime StartsAt { get; set; }

    /// <summary>When it stops being valid (UTC).</summary>
    public DateTime EndsAt { get; set; }

    /// <summary>The sessions left, or null for a pass of unlimited use.</summary>
    public int? RemainingSessions { get; set; }

    /// <summary>When expire-passes marked it expired (UTC), or null.</summary>
    public DateTime? ExpiredAt { get; set; }

    /// <summary>The bulk pass it was issued from, or null for a pass sold one by one; unique with the member, so a bulk pass is never issued twice to a member.</summary>
    public long? BulkPassId { get; set; }
}
