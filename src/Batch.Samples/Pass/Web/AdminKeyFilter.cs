using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Samples.Pass.Web;

/// <summary>
/// Guards the admin APIs: the request must carry the configured admin key in the <c>X-Admin-Key</c> header (401 without it, 403 when
/// wrong). With no key configured, every admin request is refused (403) with a message saying how to set one: an admin side is never
/// open. The key travels only in that header, never in a cookie, so a page of another site cannot make the browser send it (no CSRF).
/// </summary>
internal sealed class AdminKeyFilter(string? adminKey) : IEndpointFilter
{
    /// <summary>The header that carries the admin key.</summary>
    public const string Header = "X-Admin-Key";

    /// <summary>What a request without a configured key gets.</summary>
    public const string NotConfigured =
        "The admin pages are closed: no admin key is configured. Set Pass:Web:AdminKey (for example the environment variable " +
        "Pass__Web__AdminKey) to a long random value and start pass-web again.";

    private readonly byte[]? _expected = string.IsNullOrEmpty(adminKey) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(adminKey));

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return Refusal(context.HttpContext.Request) ?? await next(context);
    }

    /// <summary>Null when the request carries the right key; otherwise the 401 or 403 to answer.</summary>
    private IResult? Refusal(HttpRequest request)
    {
        if (_expected is null)
        {
            return Results.Problem(NotConfigured, statusCode: StatusCodes.Status403Forbidden, title: "No admin key is configured");
        }

        var given = request.Headers[Header].ToString();
        if (given.Length == 0)
        {
            return Results.Problem(
                $"This page needs the admin key, in the {Header} header: type it in the key field (the admin pages keep it for this browser tab only).",
                statusCode: StatusCodes.Status401Unauthorized, title: "The admin key is required");
        }

        // Compared in constant time, as hashes, so neither the key nor its length shows in the answer's timing.
        return CryptographicOperations.FixedTimeEquals(_expected, SHA256.HashData(Encoding.UTF8.GetBytes(given)))
            ? null
            : Results.Problem($"The admin key in the {Header} header is wrong.", statusCode: StatusCodes.Status403Forbidden, title: "The admin key is wrong");
    }
}
