using System.Text;
using System.Text.Encodings.Web;

namespace Batch.Dashboard.Rendering;

/// <summary>
/// Builds a page: <see cref="Raw"/> takes the page's own markup (constants only), <see cref="Text"/> encodes everything that comes
/// from data, so a job parameter holding <c>&lt;script&gt;</c> shows as text.
/// </summary>
internal sealed class HtmlBuilder
{
    private readonly StringBuilder _html = new(8192);

    public HtmlBuilder Raw(string markup)
    {
        _html.Append(markup);
        return this;
    }

    public HtmlBuilder Text(string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _html.Append(HtmlEncoder.Default.Encode(value));
        }

        return this;
    }

    /// <summary>A table cell with encoded text.</summary>
    public HtmlBuilder Cell(string? value, string? cssClass = null)
    {
        Raw(cssClass is null ? "<td>" : $"<td class=\"{cssClass}\">");
        return Text(value).Raw("</td>");
    }

    /// <summary>A link with an encoded address and text.</summary>
    public HtmlBuilder Link(string href, string? text)
    {
        Raw("<a href=\"").Text(href).Raw("\">").Text(text).Raw("</a>");
        return this;
    }

    /// <summary>A status badge (its class is one of a fixed set, its text encoded).</summary>
    public HtmlBuilder Status(BatchStatus status)
    {
        Raw("<span class=\"status ").Raw(StatusClass(status)).Raw("\">").Text(status.ToCode()).Raw("</span>");
        return this;
    }

    public static string StatusClass(BatchStatus status) => status switch
    {
        BatchStatus.Completed => "ok",
        BatchStatus.Starting or BatchStatus.Started or BatchStatus.Stopping => "running",
        BatchStatus.Stopped => "stopped",
        BatchStatus.Failed => "failed",
        BatchStatus.Abandoned => "abandoned",
        _ => "unknown",
    };

    public override string ToString() => _html.ToString();

    public void WriteTo(TextWriter writer) => writer.Write(_html);
}
