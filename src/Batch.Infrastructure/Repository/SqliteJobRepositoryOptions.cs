namespace Batch.Infrastructure.Repository;

/// <summary>Options of the SQLite job repository.</summary>
public sealed class SqliteJobRepositoryOptions : DatabaseJobRepositoryOptions
{
    /// <summary>Creates the options with their defaults: the first command that writes creates a missing schema, and a writer waits up to 30 seconds for the file's lock.</summary>
    public SqliteJobRepositoryOptions()
    {
        CreateSchema = true;
    }

    /// <summary>
    /// How long a statement waits for another connection or process to release the file's write lock
    /// before failing (SQLite's busy timeout). Default 30 seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    internal void Validate()
    {
        if (BusyTimeout < TimeSpan.Zero || BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(BusyTimeout), BusyTimeout,
                "The SQLite busy timeout must be between zero and about 24 days; 30 seconds suits most jobs.");
        }
    }
}
