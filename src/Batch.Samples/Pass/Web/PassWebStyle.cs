namespace Samples.Pass.Web;

/// <summary>The pages' style sheet (served as <c>/assets/pass-web.css</c>).</summary>
internal static class PassWebStyle
{
    public const string Text = """
        [hidden] { display: none !important; }
        body { font-family: system-ui, sans-serif; margin: 0; color: #222; background: #fafafa; }
        header { background: #2c3e50; padding: 0.6rem 1.2rem; }
        header nav a { color: #fff; margin-right: 1.2rem; text-decoration: none; }
        header nav a:first-child { font-weight: bold; }
        main { max-width: 1000px; margin: 0 auto; padding: 1rem 1.2rem 3rem; }
        h1 { font-size: 1.5rem; }
        h2 { font-size: 1.15rem; margin-top: 1.6rem; }
        table { border-collapse: collapse; width: 100%; background: #fff; margin-top: 0.6rem; }
        th, td { border-bottom: 1px solid #ddd; padding: 0.35rem 0.5rem; text-align: left; }
        td.number { text-align: right; font-variant-numeric: tabular-nums; }
        tr.expired td { color: #888; }
        form.inline { display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; margin: 0.6rem 0; }
        .field { display: grid; grid-template-columns: 11rem 18rem 1fr; gap: 0.6rem; align-items: center; margin: 0.4rem 0; }
        input, select, button { font: inherit; padding: 0.25rem 0.4rem; }
        button { background: #2c3e50; color: #fff; border: 0; border-radius: 3px; padding: 0.35rem 0.9rem; cursor: pointer; }
        [aria-invalid="true"] { border: 2px solid #c0392b; }
        .field-error, .error { color: #c0392b; }
        .notice { color: #1e7e34; }
        .chart { width: 100%; height: auto; background: #fff; border: 1px solid #ddd; }
        .chart .grid { stroke: #e5e5e5; }
        .chart .axis, .chart .empty { font-size: 11px; fill: #555; }
        .bar.all, .swatch.all { fill: #34495e; background: #34495e; }
        .bar.attended, .swatch.attended { fill: #27ae60; background: #27ae60; }
        .bar.cancelled, .swatch.cancelled { fill: #c0392b; background: #c0392b; }
        .swatch { display: inline-block; width: 0.8rem; height: 0.8rem; margin: 0 0.25rem 0 0.8rem; vertical-align: middle; }
        """;
}
