namespace Samples.Collector.Rules;

/// <summary>
/// The rule database's DDL (the collector's <c>schema/postgres/*.sql</c> and <c>schema/sqlite/*.sql</c>, embedded): registry, status
/// and logs, results. Every statement is <c>CREATE … IF NOT EXISTS</c>, so applying it again changes nothing.
/// </summary>
public static class RuleSchema
{
    private static readonly string[] Files = ["01-registry.sql", "02-status-and-logs.sql", "03-results.sql"];

    /// <summary>The scripts, in order.</summary>
    /// <param name="sqlite">SQLite's scripts rather than PostgreSQL's.</param>
    /// <returns>The scripts' texts.</returns>
    public static IReadOnlyList<string> Scripts(bool sqlite)
    {
        var folder = sqlite ? "sqlite" : "postgres";
        var assembly = typeof(RuleSchema).Assembly;
        return [.. Files.Select(file =>
        {
            using var stream = assembly.GetManifestResourceStream($"Samples.Collector.schema.{folder}/{file}")
                ?? assembly.GetManifestResourceStream($"Samples.Collector.schema.{folder}\\{file}")
                ?? throw new InvalidOperationException($"The collector's schema/{folder}/{file} is not embedded in {assembly.GetName().Name}.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        })];
    }

    /// <summary>Applies the scripts to a rule database.</summary>
    /// <param name="database">The rule database.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    public static Task ApplyAsync(RuleDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        return database.RunAsync(async connection =>
        {
            foreach (var script in Scripts(database.IsSqlite))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = script;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }, "create the collector's tables", cancellationToken);
    }
}
