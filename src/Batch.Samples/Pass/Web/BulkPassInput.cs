using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Samples.Pass.Web;

/// <summary>
/// The body of <c>POST /api/admin/bulk-passes</c>, checked field by field before anything is written:
/// <c>groupId</c> and <c>packageId</c> (required, existing), <c>sessions</c> (1 to 10,000; absent or null: the package's),
/// <c>startsAt</c> (required, ISO 8601; without an offset, UTC: add-passes issues the passes once it has come) and <c>endsAt</c>
/// (after <c>startsAt</c>; absent or null: <c>startsAt</c> plus the package's valid days).
/// </summary>
internal static class BulkPassInput
{
    public const string GroupId = "groupId";
    public const string PackageId = "packageId";
    public const string Sessions = "sessions";
    public const string StartsAt = "startsAt";
    public const string EndsAt = "endsAt";
    public const string Body = "body";
    public const int MaxSessions = 10_000;

    private static readonly string[] Fields = [GroupId, PackageId, Sessions, StartsAt, EndsAt];

    /// <summary>The bulk pass to store (READY), or null with the errors filled in.</summary>
    public static async Task<BulkPass?> ParseAsync(JsonDocument? body, PassDbContext db, FieldErrors errors, CancellationToken cancellationToken)
    {
        if (body is null || body.RootElement.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Body, "The body must be a JSON object with the fields " + string.Join(", ", Fields) + ".");
            return null;
        }

        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in body.RootElement.EnumerateObject())
        {
            var field = Fields.FirstOrDefault(f => f.Equals(property.Name, StringComparison.OrdinalIgnoreCase));
            if (field is null)
            {
                errors.Add(property.Name, $"There is no field '{property.Name}': a bulk pass has {string.Join(", ", Fields)}.");
            }
            else
            {
                values[field] = property.Value;
            }
        }

        var groupId = Id(values, GroupId, "group", errors);
        var packageId = Id(values, PackageId, "package", errors);
        var sessions = SessionsOf(values, errors);
        var startsAt = Time(values, StartsAt, required: true, errors);
        var endsAt = Time(values, EndsAt, required: false, errors);

        MemberGroup? group = null;
        Package? package = null;
        if (groupId is { } g && (group = await db.Groups.AsNoTracking().FirstOrDefaultAsync(x => x.Id == g, cancellationToken)) is null)
        {
            errors.Add(GroupId, $"There is no group {g}: choose one of the groups of GET /api/admin/catalog.");
        }

        if (packageId is { } p && (package = await db.Packages.AsNoTracking().FirstOrDefaultAsync(x => x.Id == p, cancellationToken)) is null)
        {
            errors.Add(PackageId, $"There is no package {p}: choose one of the packages of GET /api/admin/catalog.");
        }

        if (startsAt is { } start && package is not null && endsAt is null && !errors.Has(EndsAt))
        {
            endsAt = start.AddDays(package.ValidDays);
        }

        if (startsAt is { } from && endsAt is { } to && to <= from)
        {
            errors.Add(EndsAt, $"endsAt ({WebInput.Format(to)}) is not after startsAt ({WebInput.Format(from)}): give an end after the start.");
        }

        if (!errors.IsEmpty || group is null || package is null || startsAt is null || endsAt is null)
        {
            return null;
        }

        return new BulkPass
        {
            GroupId = group.Id,
            PackageId = package.Id,
            Status = BulkPassStatus.Ready,
            StartsAt = startsAt.Value,
            EndsAt = endsAt.Value,
            Sessions = sessions ?? package.Sessions,
        };
    }

    private static long? Id(Dictionary<string, JsonElement> values, string field, string what, FieldErrors errors)
    {
        if (!values.TryGetValue(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(field, $"{field} is missing: give the id of the {what}.");
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var id) || id <= 0)
        {
            errors.Add(field, $"{field} is {value.GetRawText()}: give the id of the {what}, a positive whole number.");
            return null;
        }

        return id;
    }

    private static int? SessionsOf(Dictionary<string, JsonElement> values, FieldErrors errors)
    {
        if (!values.TryGetValue(Sessions, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var sessions) || sessions is < 1 or > MaxSessions)
        {
            errors.Add(Sessions, $"sessions is {value.GetRawText()}: give a whole number of sessions from 1 to {MaxSessions.ToString("N0", CultureInfo.InvariantCulture)}, " +
                "or leave it out for the package's.");
            return null;
        }

        return sessions;
    }

    private static DateTime? Time(Dictionary<string, JsonElement> values, string field, bool required, FieldErrors errors)
    {
        if (!values.TryGetValue(field, out var value) || value.ValueKind == JsonValueKind.Null
            || (value.ValueKind == JsonValueKind.String && value.GetString()!.Trim().Length == 0))
        {
            if (required)
            {
                errors.Add(field, $"{field} is missing: give a time in ISO 8601, for example 2026-12-01T10:00:00Z.");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String || !WebInput.TryParseTime(value.GetString(), out var time))
        {
            errors.Add(field, $"{field} is {value.GetRawText()}, which is not a time from 2000 to 2099 in ISO 8601: write it like 2026-12-01T10:00:00Z " +
                "(a time without an offset is taken as UTC).");
            return null;
        }

        return time;
    }
}
