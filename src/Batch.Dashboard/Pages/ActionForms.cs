using Batch.Dashboard.Rendering;
using Microsoft.AspNetCore.Antiforgery;

namespace Batch.Dashboard.Pages;

/// <summary>The forms of the actions: a POST with the anti-forgery token and, when the dashboard has an access key, a field for it.</summary>
internal static class ActionForms
{
    /// <summary>The form field that carries the access key.</summary>
    public const string KeyField = "key";

    public static void Button(HtmlBuilder html, DashboardRequest request, AntiforgeryTokenSet tokens, string relativeAction, string label, string name)
    {
        html.Raw("<form method=\"post\" class=\"action\" data-action=\"").Text(name).Raw("\" action=\"").Text(request.Url(relativeAction)).Raw("\">")
            .Raw("<input type=\"hidden\" name=\"").Text(tokens.FormFieldName).Raw("\" value=\"").Text(tokens.RequestToken).Raw("\">");
        if (!string.IsNullOrEmpty(request.Options.AccessKey))
        {
            html.Raw("<input type=\"password\" name=\"").Raw(KeyField).Raw("\" placeholder=\"access key\" autocomplete=\"off\" aria-label=\"access key\"")
                .Raw(string.IsNullOrEmpty(request.Options.AuthorizationPolicy) ? " required" : string.Empty).Raw(">");
        }

        html.Raw("<button type=\"submit\">").Text(label).Raw("</button></form>");
    }
}
