using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Batch.Hosting;

/// <summary>
/// Reads <see cref="BatchOptions"/> from a configuration section by hand (Core takes no configuration binder):
/// what cannot be read is kept in <see cref="BatchOptions.BindingErrors"/>, for the validator to report with the rest.
/// </summary>
internal static class BatchOptionsBinder
{
    private static readonly string[] Keys = [nameof(BatchOptions.RecoverStaleAfter), nameof(BatchOptions.ListInstancesPerJob), nameof(BatchOptions.StopUpdateAttempts), nameof(BatchOptions.FinalStatusRetryFor),
        nameof(BatchOptions.HeartbeatInterval), nameof(BatchOptions.TakeOverDeadExecutionsAfter), nameof(BatchOptions.ProgressInterval), nameof(BatchOptions.ProgressBars),
        nameof(BatchOptions.LaunchPollInterval), nameof(BatchOptions.LaunchWaitingTicketStaleAfter)];

    /// <summary>The keys of <c>UseConfiguredRepository</c> (Batch.Infrastructure), which an application may keep in the Batch section itself.</summary>
    private static readonly string[] RepositoryKeys = ["Provider", "ConnectionString", "CreateSchema"];

    public static void Bind(IConfiguration section, BatchOptions options)
    {
        var path = section is IConfigurationSection named ? named.Path + ":" : string.Empty;
        foreach (var child in section.GetChildren())
        {
            if (child.Value is null || Keys.Contains(child.Key, StringComparer.OrdinalIgnoreCase) || RepositoryKeys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                continue; // a sub-section (such as Repository), or the repository's own keys, belong to someone else
            }

            options.BindingErrors.Add($"'{path}{child.Key}' is not a Batch setting: the settings are {string.Join(", ", Keys)}.");
        }

        options.RecoverStaleAfter = ReadDuration(section, path, nameof(BatchOptions.RecoverStaleAfter), "00:10:00", options) ?? options.RecoverStaleAfter;
        options.FinalStatusRetryFor = ReadDuration(section, path, nameof(BatchOptions.FinalStatusRetryFor), "00:01:00", options) ?? options.FinalStatusRetryFor;
        options.HeartbeatInterval = ReadDuration(section, path, nameof(BatchOptions.HeartbeatInterval), "00:00:30", options) ?? options.HeartbeatInterval;
        if (section[nameof(BatchOptions.TakeOverDeadExecutionsAfter)] is { } takeOver && takeOver.Trim().Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            options.TakeOverDeadExecutionsAfter = null;
        }
        else
        {
            options.TakeOverDeadExecutionsAfter = ReadDuration(section, path, nameof(BatchOptions.TakeOverDeadExecutionsAfter), "00:10:00' or 'off", options)
                ?? options.TakeOverDeadExecutionsAfter;
        }

        if (section[nameof(BatchOptions.ProgressInterval)] is { } progress && progress.Trim().Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            options.ProgressInterval = Timeout.InfiniteTimeSpan;
        }
        else
        {
            options.ProgressInterval = ReadDuration(section, path, nameof(BatchOptions.ProgressInterval), "00:05:00' or 'off", options) ?? options.ProgressInterval;
        }

        if (section[nameof(BatchOptions.ProgressBars)] is { Length: > 0 } bars)
        {
            if (bool.TryParse(bars.Trim(), out var show))
            {
                options.ProgressBars = show;
            }
            else
            {
                options.BindingErrors.Add($"'{path}{nameof(BatchOptions.ProgressBars)}' is '{bars}', not true or false.");
            }
        }

        options.LaunchPollInterval = ReadDuration(section, path, nameof(BatchOptions.LaunchPollInterval), "00:00:01", options) ?? options.LaunchPollInterval;
        options.LaunchWaitingTicketStaleAfter = ReadDuration(section, path, nameof(BatchOptions.LaunchWaitingTicketStaleAfter), "00:01:00", options)
            ?? options.LaunchWaitingTicketStaleAfter;
        var groups = section.GetSection(nameof(BatchOptions.LaunchGroups));
        foreach (var group in groups.GetChildren())
        {
            if (ReadInt(groups, path + nameof(BatchOptions.LaunchGroups) + ":", group.Key, options) is { } limit)
            {
                options.LaunchGroups[group.Key] = limit;
            }
        }

        options.ListInstancesPerJob = ReadInt(section, path, nameof(BatchOptions.ListInstancesPerJob), options) ?? options.ListInstancesPerJob;
        options.StopUpdateAttempts = ReadInt(section, path, nameof(BatchOptions.StopUpdateAttempts), options) ?? options.StopUpdateAttempts;
    }

    private static TimeSpan? ReadDuration(IConfiguration section, string path, string key, string example, BatchOptions options)
    {
        if (section[key] is not { Length: > 0 } text)
        {
            return null;
        }

        if (TimeSpan.TryParse(text.Trim(), CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        options.BindingErrors.Add($"'{path}{key}' is '{text}', not a duration: write hours:minutes:seconds, for example '{example}'.");
        return null;
    }

    private static int? ReadInt(IConfiguration section, string path, string key, BatchOptions options)
    {
        if (section[key] is not { Length: > 0 } text)
        {
            return null;
        }

        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        options.BindingErrors.Add($"'{path}{key}' is '{text}', not a whole number.");
        return null;
    }
}
