namespace Batch.Samples.Tests.Pass;

/// <summary>The database a pass test runs on: the job repository and the pass tables share it.</summary>
public enum PassBackend
{
    /// <summary>A SQLite file in a temporary folder.</summary>
    Sqlite,

    /// <summary>A database of its own on a throw-away PostgreSQL cluster (or the server of BATCH_TEST_POSTGRES).</summary>
    Postgres,
}
