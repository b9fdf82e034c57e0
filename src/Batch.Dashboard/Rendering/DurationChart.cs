using System.Globalization;

namespace Batch.Dashboard.Rendering;

/// <summary>
/// An inline SVG bar chart of execution durations, oldest on the left, one bar per execution coloured by its status, each with a
/// tooltip; drawn on the server, no script.
/// </summary>
internal static class DurationChart
{
    private const int Width = 720;
    private const int Height = 180;
    private const int Top = 20;
    private const int Bottom = 20;

    public static void Write(HtmlBuilder html, IReadOnlyList<JobExecution> newestFirst, DateTimeOffset now, Func<long, string> executionUrl)
    {
        var bars = newestFirst.Where(e => e.StartTime is not null).Reverse().ToList();
        if (bars.Count == 0)
        {
            html.Raw("<p class=\"empty\">No execution has started yet.</p>");
            return;
        }

        var durations = bars.Select(e => Math.Max(0, ((e.EndTime ?? now) - e.StartTime!.Value).TotalSeconds)).ToList();
        var max = Math.Max(durations.Max(), 0.001);
        var slot = (double)Width / bars.Count;
        var barWidth = Math.Max(1, slot * 0.8);
        var plot = Height - Top - Bottom;
        html.Raw(string.Create(CultureInfo.InvariantCulture,
            $"<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" xmlns=\"http://www.w3.org/2000/svg\">"))
            .Raw("<title>Durations of the newest executions</title>")
            .Raw(string.Create(CultureInfo.InvariantCulture, $"<line x1=\"0\" y1=\"{Height - Bottom}\" x2=\"{Width}\" y2=\"{Height - Bottom}\" class=\"axis\"/>"))
            .Raw(string.Create(CultureInfo.InvariantCulture, $"<text x=\"2\" y=\"{Top - 6}\" class=\"label\">"))
            .Text("max " + Format.Duration(TimeSpan.FromSeconds(max))).Raw("</text>");
        for (var i = 0; i < bars.Count; i++)
        {
            var execution = bars[i];
            var height = Math.Max(1, durations[i] / max * plot);
            var x = i * slot + (slot - barWidth) / 2;
            html.Raw("<a href=\"").Text(executionUrl(execution.Id)).Raw("\">")
                .Raw(string.Create(CultureInfo.InvariantCulture,
                    $"<rect class=\"bar {HtmlBuilder.StatusClass(execution.Status)}\" x=\"{x:0.##}\" y=\"{Height - Bottom - height:0.##}\" width=\"{barWidth:0.##}\" height=\"{height:0.##}\">"))
                .Raw("<title>").Text($"#{execution.Id} {execution.Status.ToCode()} {Format.Duration(TimeSpan.FromSeconds(durations[i]))}, started {Format.Instant(execution.StartTime)}").Raw("</title></rect></a>");
        }

        html.Raw(string.Create(CultureInfo.InvariantCulture, $"<text x=\"2\" y=\"{Height - 4}\" class=\"label\">"))
            .Text($"#{bars[0].Id}").Raw(string.Create(CultureInfo.InvariantCulture, $"</text><text x=\"{Width - 2}\" y=\"{Height - 4}\" class=\"label end\">"))
            .Text($"#{bars[^1].Id}").Raw("</text></svg>");
    }
}
