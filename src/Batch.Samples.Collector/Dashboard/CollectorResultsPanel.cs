using System.Data.Common;
using System.Globalization;
using Batch.Dashboard;

namespace Samples.Collector.Dashboard;

/// <summary>
/// The dashboard's collector section (seed 000's 상황판): the result tables of one base time — per code (T_BATCH_RESULT_0001), per
/// connection (0002) and per table (0003). The base time is the query's <c>collectorBaseTime</c>, else the newest one of
/// T_BATCH_DATE_0001. Read-only; every value is HTML-encoded.
/// </summary>
public sealed class CollectorResultsPanel : IDashboardPanel
{
    private readonly CollectorRuntime _runtime;

    /// <summary>Creates the panel.</summary>
    /// <param name="runtime">The collector's shared state (its rule database).</param>
    public CollectorResultsPanel(CollectorRuntime runtime) => _runtime = runtime;

    /// <inheritdoc />
    public string Title => "Data-lake collector: batch results";

    /// <inheritdoc />
    public async ValueTask WriteAsync(DashboardPanelContext context, TextWriter html, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(html);
        string? requested = context.HttpContext.Request.Query["collectorBaseTime"];
        try
        {
            await _runtime.Rules.RunAsync(async connection =>
            {
                var baseTime = requested is { Length: 14 } && requested.All(char.IsAsciiDigit) ? requested
                    : await ScalarAsync(connection, "SELECT MAX(BATCH_BASE_TIME) FROM T_BATCH_DATE_0001", cancellationToken).ConfigureAwait(false);
                if (baseTime is null)
                {
                    await html.WriteLineAsync("<p>No results yet: run batchresult after a batchrun.</p>").ConfigureAwait(false);
                    return;
                }

                await html.WriteLineAsync($"<p>Base time {DashboardPanelContext.Encode(baseTime)}</p>").ConfigureAwait(false);
                await TableAsync(connection, html, "Per integration method code",
                    "SELECT METHOD_CODE, RESULT, CONNECTIONS_SUCCEEDED, CONNECTIONS_TOTAL, TABLES_SUCCEEDED, TABLES_TOTAL, ROWS_COLLECTED FROM T_BATCH_RESULT_0001 WHERE BATCH_BASE_TIME = @base ORDER BY METHOD_CODE",
                    baseTime, ["code", "result", "connections ok", "connections", "tables ok", "tables", "rows"], cancellationToken).ConfigureAwait(false);
                await TableAsync(connection, html, "Per connection",
                    "SELECT METHOD_CODE, CONNECTION_NO, RESULT, TABLES_SUCCEEDED, TABLES_TOTAL, ROWS_COLLECTED, ATTEMPTS FROM T_BATCH_RESULT_0002 WHERE BATCH_BASE_TIME = @base ORDER BY METHOD_CODE, CONNECTION_NO",
                    baseTime, ["code", "connection", "result", "tables ok", "tables", "rows", "attempts"], cancellationToken).ConfigureAwait(false);
                await TableAsync(connection, html, "Per table",
                    "SELECT CONNECTION_NO, TABLE_NAME, RESULT, SOURCE_ROWS, LAKE_ROWS, TARGET_ROWS, ATTEMPTS, MESSAGE FROM T_BATCH_RESULT_0003 WHERE BATCH_BASE_TIME = @base ORDER BY CONNECTION_NO, TABLE_NAME",
                    baseTime, ["connection", "table", "result", "source rows", "lake rows", "target rows", "attempts", "last failure"], cancellationToken).ConfigureAwait(false);
            }, "read the result tables", cancellationToken).ConfigureAwait(false);
        }
        catch (CollectorException ex)
        {
            await html.WriteLineAsync($"<p>The collector's results cannot be shown: {DashboardPanelContext.Encode(ex.Message)}</p>").ConfigureAwait(false);
        }
    }

    private static async Task<string?> ScalarAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = Rules.RuleDatabase.Command(connection, sql);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? null : Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim();
    }

    private static async Task TableAsync(DbConnection connection, TextWriter html, string caption, string sql, string baseTime, string[] headers, CancellationToken cancellationToken)
    {
        await html.WriteLineAsync($"<table><caption>{DashboardPanelContext.Encode(caption)}</caption><thead><tr>").ConfigureAwait(false);
        foreach (var header in headers)
        {
            await html.WriteAsync($"<th>{DashboardPanelContext.Encode(header)}</th>").ConfigureAwait(false);
        }

        await html.WriteLineAsync("</tr></thead><tbody>").ConfigureAwait(false);
        await using var command = Rules.RuleDatabase.Command(connection, sql, ("@base", baseTime));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            await html.WriteAsync("<tr>").ConfigureAwait(false);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var text = reader.IsDBNull(i) ? string.Empty : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)?.Trim();
                await html.WriteAsync($"<td>{DashboardPanelContext.Encode(text)}</td>").ConfigureAwait(false);
            }

            await html.WriteLineAsync("</tr>").ConfigureAwait(false);
        }

        await html.WriteLineAsync("</tbody></table>").ConfigureAwait(false);
    }
}
