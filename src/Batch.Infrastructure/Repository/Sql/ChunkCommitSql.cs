namespace Batch.Infrastructure.Repository.Sql;

/// <summary>
/// The statements of a chunk commit that sends the checkpoint and the COMMIT in one round trip (PostgreSQL, a batch in one
/// transaction): the checkpoint must then fail — not just match no row — when the step execution's version is stale, so that
/// the server skips the COMMIT queued behind it and nothing of the chunk is committed without its checkpoint.
/// </summary>
internal static class ChunkCommitSql
{
    /// <summary>
    /// The SQLSTATE of the guarded checkpoint's failure when it matched no row (division_by_zero: the count of updated rows
    /// divides one). Nothing else in the statement divides, so this code means a stale or missing step execution.
    /// </summary>
    public const string StaleState = "22012";

    /// <summary>
    /// <see cref="RepositorySql.UpdateStepProgress"/>, with the same parameters, as a statement that returns the job
    /// execution's status in one row when the step row matched, and fails with <see cref="StaleState"/> when it did not.
    /// </summary>
    public const string GuardedUpdateStepProgress = """
        WITH updated AS (
            UPDATE BATCH_STEP_EXECUTION
            SET COMMIT_COUNT = @commit, READ_COUNT = @read, FILTER_COUNT = @filter, WRITE_COUNT = @write, READ_SKIP_COUNT = @readSkip,
                WRITE_SKIP_COUNT = @writeSkip, PROCESS_SKIP_COUNT = @processSkip, ROLLBACK_COUNT = @rollback,
                LAST_UPDATED = @now, VERSION = VERSION + 1
            WHERE STEP_EXECUTION_ID = @id AND VERSION = @version
            RETURNING 1)
        SELECT CASE WHEN 1 / (SELECT COUNT(*) FROM updated) = 1
            THEN (SELECT j.STATUS FROM BATCH_JOB_EXECUTION j WHERE j.JOB_EXECUTION_ID = @jobExecutionId) END
        """;

    /// <summary>
    /// <see cref="RepositorySql.UpdateStepExecution"/> (the whole step row: its end with its last chunk), guarded the same way as
    /// <see cref="GuardedUpdateStepProgress"/>.
    /// </summary>
    public const string GuardedUpdateStepExecution = $"""
        WITH updated AS (
        {RepositorySql.UpdateWholeStepExecution}
        RETURNING 1)
        SELECT CASE WHEN 1 / (SELECT COUNT(*) FROM updated) = 1
            THEN (SELECT j.STATUS FROM BATCH_JOB_EXECUTION j WHERE j.JOB_EXECUTION_ID = @jobExecutionId) END
        """;

    /// <summary>The end of the batch.</summary>
    public const string Commit = "COMMIT";
}
