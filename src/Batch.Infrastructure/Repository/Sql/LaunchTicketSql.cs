namespace Batch.Infrastructure.Repository.Sql;

/// <summary>
/// The statements of the launch queue (BATCH_LAUNCH_TICKET), the same text on PostgreSQL and SQLite, every value a parameter. A decision
/// runs <see cref="Discard"/>, <see cref="Count"/> and <see cref="Insert"/> or <see cref="Update"/> in one transaction serialised per group.
/// </summary>
internal static class LaunchTicketSql
{
    public const string Waiting = "WAITING";

    public const string Holding = "HOLDING";

    /// <summary>
    /// Discards the group's tickets no live process holds: waiting ones silent since @waitingSince; holding ones without an execution silent
    /// since @holdingSince; holding ones whose execution is no longer live, or whose heartbeat (its LAST_UPDATED and its steps') is older
    /// than @holdingSince. @self (the deciding ticket) is kept.
    /// </summary>
    public const string Discard = """
        DELETE FROM BATCH_LAUNCH_TICKET
        WHERE GROUP_NAME = @group AND TICKET_ID <> @self AND (
            (STATE = 'WAITING' AND HEARTBEAT < @waitingSince)
            OR (STATE = 'HOLDING' AND JOB_EXECUTION_ID IS NULL AND HEARTBEAT < @holdingSince)
            OR (STATE = 'HOLDING' AND JOB_EXECUTION_ID IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM BATCH_JOB_EXECUTION e
                WHERE e.JOB_EXECUTION_ID = BATCH_LAUNCH_TICKET.JOB_EXECUTION_ID AND e.STATUS IN ('STARTING', 'STARTED', 'STOPPING')
                    AND (e.LAST_UPDATED >= @holdingSince OR EXISTS (
                        SELECT 1 FROM BATCH_STEP_EXECUTION s WHERE s.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID AND s.LAST_UPDATED >= @holdingSince)))))
        """;

    /// <summary>The group's held slots (other than @self's), the waiting tickets older than @self, and @self's state (null when it is gone).</summary>
    public const string Count = """
        SELECT COALESCE(SUM(CASE WHEN STATE = 'HOLDING' AND TICKET_ID <> @self THEN 1 ELSE 0 END), 0),
               COALESCE(SUM(CASE WHEN STATE = 'WAITING' AND TICKET_ID < @self THEN 1 ELSE 0 END), 0),
               MAX(CASE WHEN TICKET_ID = @self THEN STATE END)
        FROM BATCH_LAUNCH_TICKET WHERE GROUP_NAME = @group
        """;

    public const string Insert = """
        INSERT INTO BATCH_LAUNCH_TICKET (GROUP_NAME, JOB_NAME, STATE, OWNER, ENTERED, HEARTBEAT)
        VALUES (@group, @job, @state, @owner, @now, @now) RETURNING TICKET_ID
        """;

    public const string Update = "UPDATE BATCH_LAUNCH_TICKET SET STATE = @state, HEARTBEAT = @now WHERE TICKET_ID = @self";

    public const string Attach = "UPDATE BATCH_LAUNCH_TICKET SET JOB_EXECUTION_ID = @execution, HEARTBEAT = @now WHERE TICKET_ID = @id";

    public const string Release = "DELETE FROM BATCH_LAUNCH_TICKET WHERE TICKET_ID = @id";

    private const string SelectColumns = "SELECT TICKET_ID, GROUP_NAME, JOB_NAME, STATE, JOB_EXECUTION_ID, OWNER, ENTERED, HEARTBEAT FROM BATCH_LAUNCH_TICKET";

    private const string Order = " ORDER BY GROUP_NAME, CASE WHEN STATE = 'HOLDING' THEN 0 ELSE 1 END, TICKET_ID";

    public const string SelectAll = SelectColumns + Order;

    public const string SelectGroup = SelectColumns + " WHERE GROUP_NAME = @group" + Order;
}
