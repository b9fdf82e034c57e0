using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Samples.Collector.Configuration;

/// <summary>Reads and writes the collector's JSON files, with messages that name the file.</summary>
public static class SettingsFiles
{
    /// <summary>Reads <c>cfg/healthcheck.json</c>.</summary>
    /// <param name="folder">The base directory.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The validated settings.</returns>
    /// <exception cref="CollectorException">The file is missing, is not JSON of the expected shape, or is invalid.</exception>
    public static async Task<HealthCheckSettings> ReadHealthCheckAsync(CollectorFolder folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var settings = await ReadAsync(folder.HealthCheckFile, CollectorJson.Default.HealthCheckSettings,
            "copy cfg/healthcheck.sample.json to cfg/healthcheck.json and edit it", cancellationToken).ConfigureAwait(false);
        settings.Validate();
        return settings;
    }

    /// <summary>Reads <c>cfg/datalake.json</c> (a small file, read synchronously when the host is built).</summary>
    /// <param name="folder">The base directory.</param>
    /// <returns>The validated settings.</returns>
    /// <exception cref="CollectorException">The file is missing, malformed or incomplete.</exception>
    public static DatalakeSettings ReadDatalake(CollectorFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var settings = TryReadDatalake(folder, out var problem) ?? throw new CollectorException(problem!);
        settings.Validate();
        return settings;
    }

    /// <summary>Reads <c>cfg/datalake.json</c> when it exists and is JSON of the right shape, without validating it.</summary>
    internal static DatalakeSettings? TryReadDatalake(CollectorFolder folder, out string? problem)
    {
        problem = null;
        if (!File.Exists(folder.DatalakeFile))
        {
            problem = $"{folder.DatalakeFile} does not exist: run healthcheck (it writes the file), or write it by hand.";
            return null;
        }

        try
        {
            var settings = JsonSerializer.Deserialize(File.ReadAllText(folder.DatalakeFile), CollectorJson.Default.DatalakeSettings);
            problem = settings is null ? $"{folder.DatalakeFile} is empty (null)." : null;
            return settings;
        }
        catch (JsonException ex)
        {
            problem = $"{folder.DatalakeFile} is not valid: {ex.Message}";
            return null;
        }
    }

    /// <summary>Writes <c>cfg/datalake.json</c> atomically: a temporary file in cfg/, then a rename over the old one.</summary>
    /// <param name="folder">The base directory.</param>
    /// <param name="settings">The settings.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    public static async Task WriteDatalakeAsync(CollectorFolder folder, DatalakeSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        Directory.CreateDirectory(folder.ConfigFolder);
        var temporary = Path.Combine(folder.ConfigFolder, $".datalake.json.{Environment.ProcessId}.tmp");
        var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None);
        await using (stream.ConfigureAwait(false))
        {
            await JsonSerializer.SerializeAsync(stream, settings, CollectorJson.Default.DatalakeSettings, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, folder.DatalakeFile, overwrite: true);
    }

    private static async Task<T> ReadAsync<T>(string path, JsonTypeInfo<T> type, string advice, CancellationToken cancellationToken)
        where T : class
    {
        if (!File.Exists(path))
        {
            throw new CollectorException($"{path} does not exist: {advice}.");
        }

        try
        {
            var stream = File.OpenRead(path);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonSerializer.DeserializeAsync(stream, type, cancellationToken).ConfigureAwait(false)
                    ?? throw new CollectorException($"{path} is empty (null): {advice}.");
            }
        }
        catch (JsonException ex)
        {
            throw new CollectorException($"{path} is not valid: {ex.Message}", ex);
        }
    }
}
