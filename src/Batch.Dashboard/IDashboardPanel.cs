namespace Batch.Dashboard;

/// <summary>
/// A section an application adds to the dashboard's main page, below the jobs and executions — for example the result tables
/// of a collector (the 상황판 of seed 000). Register it in DI (<c>services.AddSingleton&lt;IDashboardPanel, MyPanel&gt;()</c>);
/// panels appear in <see cref="Order"/>, then registration order.
/// </summary>
public interface IDashboardPanel
{
    /// <summary>The section's heading (encoded by the dashboard).</summary>
    string Title { get; }

    /// <summary>Where the section appears among panels: lower first (default 0).</summary>
    int Order => 0;

    /// <summary>
    /// Writes the section's body as HTML. The panel owns this markup: encode every value that comes from data
    /// (<see cref="DashboardPanelContext.Encode"/>). A GET must never change anything.
    /// </summary>
    /// <param name="context">The request, the explorer and helpers.</param>
    /// <param name="html">Where to write the HTML.</param>
    /// <param name="cancellationToken">Cancelled when the request is aborted.</param>
    /// <returns>A task that completes when the section is written.</returns>
    ValueTask WriteAsync(DashboardPanelContext context, TextWriter html, CancellationToken cancellationToken);
}
