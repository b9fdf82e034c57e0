namespace Samples.Pass.Web;

/// <summary>A registered bulk pass, as the admin APIs answer it.</summary>
/// <param name="Id">The bulk pass's id.</param>
/// <param name="GroupId">The group whose members get a pass.</param>
/// <param name="GroupName">The group's name.</param>
/// <param name="Members">How many members the group has now.</param>
/// <param name="PackageId">The package of the passes.</param>
/// <param name="PackageName">The package's name.</param>
/// <param name="Sessions">The sessions of each pass, or null for unlimited use.</param>
/// <param name="StartsAt">When add-passes issues them, and their start (UTC).</param>
/// <param name="EndsAt">Their end (UTC).</param>
/// <param name="Status"><c>READY</c> (waiting for add-passes) or <c>COMPLETED</c> (issued).</param>
/// <param name="IssuedAt">When add-passes issued them (UTC), or null.</param>
/// <param name="IssuedCount">How many passes add-passes issued.</param>
internal sealed record BulkPassView(
    long Id, long GroupId, string GroupName, int Members, long PackageId, string PackageName, int? Sessions, DateTime StartsAt, DateTime EndsAt,
    string Status, DateTime? IssuedAt, int IssuedCount);
