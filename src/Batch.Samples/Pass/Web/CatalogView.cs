namespace Samples.Pass.Web;

/// <summary>What <c>GET /api/admin/catalog</c> answers: the groups and packages a bulk pass can name.</summary>
/// <param name="Groups">The groups, by id.</param>
/// <param name="Packages">The packages, by id.</param>
internal sealed record CatalogView(IReadOnlyList<GroupView> Groups, IReadOnlyList<PackageView> Packages);

/// <summary>A group of members.</summary>
/// <param name="Id">The group's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Members">How many members it has (the passes a bulk pass for it issues).</param>
internal sealed record GroupView(long Id, string Name, int Members);

/// <summary>A package.</summary>
/// <param name="Id">The package's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Sessions">Its sessions, or null for unlimited use.</param>
/// <param name="ValidDays">How many days a pass of it is valid.</param>
internal sealed record PackageView(long Id, string Name, int? Sessions, int ValidDays);
