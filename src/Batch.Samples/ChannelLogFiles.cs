using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Filters;

namespace Samples;

/// <summary>
/// Sends each of Batch's log channels (seed 002: progress, recovery, exception, job flow — <c>Batch.Model.BatchLogCategories</c>) to a file of its
/// own, from plain configuration: the section <c>LogFiles</c> maps a logger category to a file path (relative paths from the current folder),
/// and every line of that category (and of its sub-categories) goes to that file, besides the console. Microsoft.Extensions.Logging has no
/// file provider, so the files are written by Serilog's file sink.
/// </summary>
/// <example>
/// <code>
/// "LogFiles": { "Batch.Progress": "logs/progress.log", "Batch.JobFlow": "logs/job-flow.log" }
/// </code>
/// </example>
public static class ChannelLogFiles
{
    private const string Template = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] {Message:lj}{NewLine}{Exception}";

    /// <summary>Adds the file of each configured category to the logging; nothing when the section is empty.</summary>
    /// <param name="logging">The host's logging.</param>
    /// <param name="section">The <c>LogFiles</c> section.</param>
    public static void Add(ILoggingBuilder logging, IConfigurationSection section)
    {
        var channels = section.GetChildren().Where(c => !string.IsNullOrWhiteSpace(c.Value)).ToList();
        if (channels.Count == 0)
        {
            return;
        }

        var configuration = new LoggerConfiguration().MinimumLevel.Information();
        foreach (var channel in channels)
        {
            var category = channel.Key;
            var path = Path.GetFullPath(channel.Value!);
            configuration.WriteTo.Logger(files => files
                .Filter.ByIncludingOnly(Matching.FromSource(category))
                .WriteTo.File(path, outputTemplate: Template, formatProvider: System.Globalization.CultureInfo.InvariantCulture, shared: true));
        }

        logging.AddSerilog(configuration.CreateLogger(), dispose: true);
    }
}
