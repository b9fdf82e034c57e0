namespace Samples.Pass.Web;

/// <summary>What <c>GET /api/members/{memberId}/passes</c> answers: the member and every pass they hold.</summary>
/// <param name="MemberId">The member's id.</param>
/// <param name="MemberName">The member's name.</param>
/// <param name="Passes">The passes: usable ones first, each group by end (soonest first), then by id.</param>
internal sealed record MemberPassesView(long MemberId, string MemberName, IReadOnlyList<MemberPassView> Passes);

/// <summary>One pass of a member.</summary>
/// <param name="Id">The pass's id.</param>
/// <param name="PackageId">Its package.</param>
/// <param name="PackageName">The package's name.</param>
/// <param name="PackageSessions">The sessions the package holds, or null for unlimited use.</param>
/// <param name="RemainingSessions">The sessions left on the pass, or null for unlimited use.</param>
/// <param name="StartsAt">When it becomes valid (UTC).</param>
/// <param name="EndsAt">When it stops being valid (UTC).</param>
/// <param name="Status"><c>ACTIVE</c> or <c>EXPIRED</c>, as stored (expire-passes makes a pass EXPIRED).</param>
/// <param name="ExpiredAt">When it was marked expired (UTC), or null.</param>
/// <param name="BulkPassId">The bulk pass it was issued from, or null.</param>
internal sealed record MemberPassView(
    long Id, long PackageId, string PackageName, int? PackageSessions, int? RemainingSessions, DateTime StartsAt, DateTime EndsAt, string Status,
    DateTime? ExpiredAt, long? BulkPassId);
