using System.Security.Cryptography;
using System.Text;
using Batch.Dashboard.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Batch.Dashboard.Actions;

/// <summary>
/// Decides whether a POST may act. Actions must be enabled. A request with the <c>X-Batch-Key</c> header is judged by the key alone
/// (a browser cannot send that header cross-site, so it needs no anti-forgery token). Any other request must be a form post with a
/// valid anti-forgery token, and carry the key in its form field or satisfy the authorization policy.
/// </summary>
internal static class ActionGuard
{
    /// <summary>The header that carries the access key.</summary>
    public const string KeyHeader = "X-Batch-Key";

    /// <summary>Null when the request may act; otherwise why not, for a 403.</summary>
    public static async ValueTask<string?> RefusalAsync(DashboardRequest request)
    {
        var options = request.Options;
        if (!options.EnableActions)
        {
            return "Actions are disabled: this dashboard is read-only (set BatchDashboardOptions.EnableActions = true, with an AccessKey or an AuthorizationPolicy, to allow them).";
        }

        var http = request.Http;
        if (http.Request.Headers.TryGetValue(KeyHeader, out var headerKey))
        {
            return KeyMatches(options.AccessKey, headerKey.ToString())
                ? null
                : $"The access key in the {KeyHeader} header is wrong" + (string.IsNullOrEmpty(options.AccessKey) ? " (this dashboard has no access key; it uses an authorization policy)." : ".");
        }

        if (!http.Request.HasFormContentType)
        {
            return $"An action needs the access key in the {KeyHeader} header, or a post of the dashboard's own form.";
        }

        try
        {
            await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http).ConfigureAwait(false);
        }
        catch (AntiforgeryValidationException)
        {
            return "The form's anti-forgery token is missing or invalid (the page may be old, or the post came from another site): reload the page and try again.";
        }

        var form = await http.Request.ReadFormAsync(request.Aborted).ConfigureAwait(false);
        var formKey = form[ActionForms.KeyField].ToString();
        if (formKey.Length > 0 && KeyMatches(options.AccessKey, formKey))
        {
            return null;
        }

        if (!string.IsNullOrEmpty(options.AuthorizationPolicy))
        {
            var authorization = http.RequestServices.GetService<IAuthorizationService>()
                ?? throw new InvalidOperationException(
                    $"BatchDashboardOptions.AuthorizationPolicy is '{options.AuthorizationPolicy}' but no IAuthorizationService is registered: call services.AddAuthorization(...) and define the policy.");
            if ((await authorization.AuthorizeAsync(http.User, options.AuthorizationPolicy).ConfigureAwait(false)).Succeeded)
            {
                return null;
            }

            return formKey.Length > 0
                ? "The access key is wrong, and you are not authorized by the dashboard's policy."
                : $"You are not authorized to act: the dashboard's policy '{options.AuthorizationPolicy}' refused you" +
                  (string.IsNullOrEmpty(options.AccessKey) ? "." : ", and no access key was given.");
        }

        return formKey.Length > 0 ? "The access key is wrong." : "This action needs the access key: type it in the field beside the button.";
    }

    /// <summary>Compares the key in constant time (of the hashes, so the length of the secret does not show either).</summary>
    internal static bool KeyMatches(string? expected, string given)
    {
        if (string.IsNullOrEmpty(expected))
        {
            return false;
        }

        Span<byte> a = stackalloc byte[32];
        Span<byte> b = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(expected), a);
        SHA256.HashData(Encoding.UTF8.GetBytes(given), b);
        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}
