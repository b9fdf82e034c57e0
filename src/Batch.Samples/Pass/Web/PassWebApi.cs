using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Samples.Pass.Web;

/// <summary>
/// The JSON APIs behind the pages (seed 003's 사용자 이용권 조회 / 관리자 이용권 등록 / 관리자 통계 조회 APIs):
/// <list type="bullet">
/// <item><c>GET /api/members/{memberId}/passes</c>: a member's passes (the member side; the sample has no login of its own).</item>
/// <item><c>POST /api/admin/bulk-passes</c>: registers a bulk pass (201, READY), which add-passes issues once its start has come;
/// <c>GET /api/admin/bulk-passes[/{id}]</c>: the newest ones and their state; <c>GET /api/admin/catalog</c>: the groups and packages.</item>
/// <item><c>GET /api/admin/statistics?from=yyyy-MM-dd&amp;to=yyyy-MM-dd</c>: the hourly rows make-statistics wrote, with daily totals.</item>
/// </list>
/// The admin APIs need the admin key in the <c>X-Admin-Key</c> header (<see cref="AdminKeyFilter"/>). Bad input gets a 400
/// ProblemDetails whose <c>errors</c> name each wrong field, and nothing is written. A POST must be <c>application/json</c> (415
/// otherwise), which an HTML form of another site cannot send; with the key in a header and no cookie, there is nothing for a cross-site
/// request to borrow, so no anti-forgery token is needed.
/// </summary>
internal static class PassWebApi
{
    /// <summary>The largest range of statistics, in days (as make-statistics').</summary>
    public const int MaxStatisticsDays = 366;

    public static void Map(IEndpointRouteBuilder app, AdminKeyFilter adminKey)
    {
        app.MapGet("/api/members/{memberId}/passes", MemberPassesAsync);
        var admin = app.MapGroup("/api/admin").AddEndpointFilter(adminKey);
        admin.MapGet("/catalog", CatalogAsync);
        admin.MapGet("/bulk-passes", BulkPassesAsync);
        admin.MapGet("/bulk-passes/{id}", BulkPassAsync);
        admin.MapPost("/bulk-passes", RegisterBulkPassAsync);
        admin.MapGet("/statistics", StatisticsAsync);
    }

    private static async Task<IResult> MemberPassesAsync(string memberId, PassDatabase database, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (!WebInput.TryParseId(memberId, out var id))
        {
            errors.Add("memberId", $"memberId is '{memberId}': give the member's number, a positive whole number.");
            return errors.ToResult("The member is not valid");
        }

        await using var db = database.CreateContext();
        var view = await PassWebQueries.MemberPassesAsync(db, id, cancellationToken);
        if (view is null)
        {
            errors.Add("memberId", $"There is no member {id}: check the member's number.");
            return errors.ToResult("The member is not valid");
        }

        return Results.Ok(view);
    }

    private static async Task<IResult> CatalogAsync(PassDatabase database, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        return Results.Ok(await PassWebQueries.CatalogAsync(db, cancellationToken));
    }

    private static async Task<IResult> BulkPassesAsync(PassDatabase database, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        return Results.Ok(await PassWebQueries.BulkPassesAsync(db, null, cancellationToken));
    }

    private static async Task<IResult> BulkPassAsync(string id, PassDatabase database, CancellationToken cancellationToken)
    {
        if (!WebInput.TryParseId(id, out var bulkPassId))
        {
            var errors = new FieldErrors();
            errors.Add("id", $"id is '{id}': give the bulk pass's number, a positive whole number.");
            return errors.ToResult("The bulk pass id is not valid");
        }

        await using var db = database.CreateContext();
        var found = await PassWebQueries.BulkPassesAsync(db, bulkPassId, cancellationToken);
        return found.Count == 1
            ? Results.Ok(found[0])
            : Results.Problem($"There is no bulk pass {bulkPassId}.", statusCode: StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> RegisterBulkPassAsync(HttpRequest request, PassDatabase database, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return Results.Problem(
                $"A bulk pass is sent as JSON (Content-Type: application/json), not as '{request.ContentType}'.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "The body must be JSON");
        }

        var errors = new FieldErrors();
        JsonDocument? body = null;
        try
        {
            body = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 8 }, cancellationToken);
        }
        catch (JsonException e)
        {
            errors.Add(BulkPassInput.Body, "The body is not valid JSON: " + e.Message);
        }

        using (body)
        {
            await using var db = database.CreateContext();
            var bulkPass = errors.IsEmpty ? await BulkPassInput.ParseAsync(body, db, errors, cancellationToken) : null;
            if (bulkPass is null)
            {
                return errors.ToResult("The bulk pass is not valid", write: true);
            }

            db.BulkPasses.Add(bulkPass);
            await db.SaveChangesAsync(cancellationToken);
            var view = (await PassWebQueries.BulkPassesAsync(db, bulkPass.Id, cancellationToken))[0];
            return Results.Created("/api/admin/bulk-passes/" + bulkPass.Id.ToString(CultureInfo.InvariantCulture), view);
        }
    }

    private static async Task<IResult> StatisticsAsync(string? from, string? to, PassDatabase database, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var first = Day(from, "from", errors);
        var last = Day(to, "to", errors);
        if (first is { } f && last is { } l)
        {
            if (l < f)
            {
                errors.Add("to", $"to ({l:yyyy-MM-dd}) is before from ({f:yyyy-MM-dd}): give a range whose end is not before its start.");
            }
            else if (l.DayNumber - f.DayNumber >= MaxStatisticsDays)
            {
                errors.Add("to", $"from {f:yyyy-MM-dd} to {l:yyyy-MM-dd} is more than {MaxStatisticsDays} days: ask for a year at most.");
            }
        }

        if (!errors.IsEmpty || first is null || last is null)
        {
            return errors.ToResult("The range is not valid");
        }

        await using var db = database.CreateContext();
        return Results.Ok(await PassWebQueries.StatisticsAsync(db, first.Value, last.Value, cancellationToken));
    }

    private static DateOnly? Day(string? text, string field, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(field, $"{field} is missing: give a day, yyyy-MM-dd (UTC), for example 2026-12-01.");
            return null;
        }

        if (!WebInput.TryParseDay(text, out var day))
        {
            errors.Add(field, $"{field} is '{text}', which is not a day: write it yyyy-MM-dd, for example 2026-12-01.");
            return null;
        }

        return day;
    }
}
