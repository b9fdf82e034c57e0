using System.Globalization;

namespace Batch.Infrastructure.Repository.Sql;

/// <summary>
/// The hand-written statements of the relational job repository. They are the same text on PostgreSQL
/// and SQLite (both have RETURNING, ON CONFLICT upserts and partial indexes); every value is a parameter.
/// </summary>
internal static class RepositorySql
{
    private const string Live = "('STARTING', 'STARTED', 'STOPPING')";

    /// <summary>
    /// A launch's only read: the instance with the facts the launch rules need about its executions
    /// (last id and status, a live one, a completed one, an abandoned one) and the last execution's context. One row or none,
    /// whatever the number of earlier executions.
    /// </summary>
    public const string FindInstanceForLaunch = $"""
        SELECT x.JOB_INSTANCE_ID, x.LAST_ID, le.STATUS, x.RUNNING_ID, x.COMPLETED_ID, c.SHORT_CONTEXT, c.SERIALIZED_CONTEXT, x.ABANDONED_ID
        FROM (
            SELECT i.JOB_INSTANCE_ID,
                (SELECT MAX(e.JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION e WHERE e.JOB_INSTANCE_ID = i.JOB_INSTANCE_ID) AS LAST_ID,
                (SELECT MIN(e.JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION e WHERE e.JOB_INSTANCE_ID = i.JOB_INSTANCE_ID AND e.STATUS IN {Live}) AS RUNNING_ID,
                (SELECT MIN(e.JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION e WHERE e.JOB_INSTANCE_ID = i.JOB_INSTANCE_ID AND e.STATUS = 'COMPLETED') AS COMPLETED_ID,
                (SELECT MIN(e.JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION e WHERE e.JOB_INSTANCE_ID = i.JOB_INSTANCE_ID AND e.STATUS = 'ABANDONED') AS ABANDONED_ID
            FROM BATCH_JOB_INSTANCE i
            WHERE i.JOB_NAME = @jobName AND i.JOB_KEY = @jobKey
        ) x
        LEFT JOIN BATCH_JOB_EXECUTION le ON le.JOB_EXECUTION_ID = x.LAST_ID
        LEFT JOIN BATCH_JOB_EXECUTION_CONTEXT c ON c.JOB_EXECUTION_ID = x.LAST_ID
        """;

    public const string InsertInstance = """
        INSERT INTO BATCH_JOB_INSTANCE (VERSION, JOB_NAME, JOB_KEY) VALUES (0, @jobName, @jobKey)
        RETURNING JOB_INSTANCE_ID
        """;

    public const string InsertJobExecution = """
        INSERT INTO BATCH_JOB_EXECUTION (VERSION, JOB_INSTANCE_ID, CREATE_TIME, START_TIME, STATUS, EXIT_CODE, EXIT_MESSAGE, LAST_UPDATED)
        VALUES (0, @instanceId, @create, @start, @status, @exitCode, @exitMessage, @now)
        RETURNING JOB_EXECUTION_ID
        """;

    /// <summary>
    /// PostgreSQL only: a first launch in one statement, committed on its own — the instance, its execution and the execution's
    /// parameters (one typed VALUES row per parameter). Returns the instance id and the execution id, or no row when the instance
    /// already exists (its unique key: nothing is inserted then, and the launch reads the instance's facts and goes the way of a
    /// restart). Of two processes launching the same new instance at once, the second waits for the first's commit on that key
    /// and then finds the instance, with its live execution.
    /// </summary>
    public static string InsertNewInstanceExecution(int parameterCount)
    {
        var sql = new System.Text.StringBuilder("""
            WITH i AS (
                INSERT INTO BATCH_JOB_INSTANCE (VERSION, JOB_NAME, JOB_KEY) VALUES (0, @jobName, @jobKey)
                ON CONFLICT (JOB_NAME, JOB_KEY) DO NOTHING RETURNING JOB_INSTANCE_ID
            ), e AS (
                INSERT INTO BATCH_JOB_EXECUTION (VERSION, JOB_INSTANCE_ID, CREATE_TIME, START_TIME, STATUS, EXIT_CODE, EXIT_MESSAGE, LAST_UPDATED)
                SELECT 0, i.JOB_INSTANCE_ID, @create, @start, @status, @exitCode, @exitMessage, @now FROM i
                RETURNING JOB_EXECUTION_ID, JOB_INSTANCE_ID
            )
            """);
        if (parameterCount > 0)
        {
            sql.Append(", p AS (INSERT INTO BATCH_JOB_EXECUTION_PARAMS (JOB_EXECUTION_ID, TYPE_CD, KEY_NAME, STRING_VAL, DATE_VAL, LONG_VAL, DOUBLE_VAL, IDENTIFYING) ")
                .Append("SELECT e.JOB_EXECUTION_ID, v.t, v.k, v.s, v.d, v.l, v.f, v.y FROM e, (VALUES ");
            for (var i = 0; i < parameterCount; i++)
            {
                sql.Append(i > 0 ? ", " : string.Empty).Append(CultureInfo.InvariantCulture,
                    $"(CAST(@type{i} AS VARCHAR), CAST(@key{i} AS VARCHAR), CAST(@string{i} AS TEXT), CAST(@date{i} AS TIMESTAMPTZ), CAST(@long{i} AS BIGINT), CAST(@double{i} AS DOUBLE PRECISION), CAST(@identifying{i} AS CHAR(1)))");
            }

            sql.Append(") AS v (t, k, s, d, l, f, y))\n");
        }

        sql.Append("SELECT JOB_INSTANCE_ID, JOB_EXECUTION_ID FROM e");
        return sql.ToString();
    }

    /// <summary>The head of the parameters insert; one <see cref="ParameterRow(int)"/> per parameter follows, comma-separated.</summary>
    public const string InsertParametersHead =
        "INSERT INTO BATCH_JOB_EXECUTION_PARAMS (JOB_EXECUTION_ID, TYPE_CD, KEY_NAME, STRING_VAL, DATE_VAL, LONG_VAL, DOUBLE_VAL, IDENTIFYING) VALUES ";

    /// <summary>The placeholders of parameter row <paramref name="i"/> (each value is bound, never written into the text).</summary>
    public static string ParameterRow(int i) => string.Create(
        CultureInfo.InvariantCulture, $"(@executionId, @type{i}, @key{i}, @string{i}, @date{i}, @long{i}, @double{i}, @identifying{i})");

    public const string UpdateJobExecution = """
        UPDATE BATCH_JOB_EXECUTION
        SET START_TIME = @start, END_TIME = @end, STATUS = @status, EXIT_CODE = @exitCode, EXIT_MESSAGE = @exitMessage,
            LAST_UPDATED = @now, VERSION = VERSION + 1
        WHERE JOB_EXECUTION_ID = @id AND VERSION = @version
        """;

    /// <summary>A stop request: the status and the version only, not LAST_UPDATED (the heartbeat of the execution's process).</summary>
    public const string RequestStop = """
        UPDATE BATCH_JOB_EXECUTION SET STATUS = @status, VERSION = VERSION + 1
        WHERE JOB_EXECUTION_ID = @id AND VERSION = @version
        """;

    public const string UpsertJobContext = """
        INSERT INTO BATCH_JOB_EXECUTION_CONTEXT (JOB_EXECUTION_ID, SHORT_CONTEXT, SERIALIZED_CONTEXT) VALUES (@id, @short, @serialized)
        ON CONFLICT (JOB_EXECUTION_ID) DO UPDATE SET SHORT_CONTEXT = excluded.SHORT_CONTEXT, SERIALIZED_CONTEXT = excluded.SERIALIZED_CONTEXT
        """;

    /// <summary>
    /// An operator's end of an execution whose process is gone: saved only while the VERSION matches and, when the stored
    /// execution is live, no heartbeat — its LAST_UPDATED and those of its steps — is later than @silentSince.
    /// </summary>
    public const string EndSilentJobExecution = $"""
        UPDATE BATCH_JOB_EXECUTION
        SET END_TIME = @end, STATUS = @status, EXIT_CODE = @exitCode, EXIT_MESSAGE = @exitMessage, LAST_UPDATED = @now, VERSION = VERSION + 1
        WHERE JOB_EXECUTION_ID = @id AND VERSION = @version
            AND (STATUS NOT IN {Live} OR (LAST_UPDATED <= @silentSince
                AND NOT EXISTS (SELECT 1 FROM BATCH_STEP_EXECUTION s WHERE s.JOB_EXECUTION_ID = @id AND s.LAST_UPDATED > @silentSince)))
        """;

    /// <summary>
    /// The heartbeat of a running job execution: LAST_UPDATED only, while it is live, and never VERSION, so the engine's
    /// version-checked saves and an operator's <see cref="EndSilentJobExecution"/> are not disturbed (the latter sees it as a heartbeat).
    /// </summary>
    public const string TouchJobExecution = $"""
        UPDATE BATCH_JOB_EXECUTION SET LAST_UPDATED = @now WHERE JOB_EXECUTION_ID = @id AND STATUS IN {Live}
        """;

    public const string SelectJobExecutionVersion = """
        SELECT VERSION, STATUS FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID = @id
        """;

    public const string InsertStepExecution = """
        INSERT INTO BATCH_STEP_EXECUTION (VERSION, STEP_NAME, JOB_EXECUTION_ID, START_TIME, END_TIME, STATUS, COMMIT_COUNT, READ_COUNT,
            FILTER_COUNT, WRITE_COUNT, READ_SKIP_COUNT, WRITE_SKIP_COUNT, PROCESS_SKIP_COUNT, ROLLBACK_COUNT, EXIT_CODE, EXIT_MESSAGE, LAST_UPDATED)
        VALUES (0, @stepName, @jobExecutionId, @start, @end, @status, @commit, @read,
            @filter, @write, @readSkip, @writeSkip, @processSkip, @rollback, @exitCode, @exitMessage, @now)
        RETURNING STEP_EXECUTION_ID
        """;

    /// <summary>
    /// The checkpoint: a step execution's counters, status and heartbeat, with the VERSION check. It
    /// returns the status of the job execution in the same round trip, so a stop requested from another
    /// process is seen at this chunk boundary without another statement; no row means a stale version.
    /// </summary>
    public const string UpdateStepExecution = $"""
        {UpdateWholeStepExecution}
        RETURNING (SELECT j.STATUS FROM BATCH_JOB_EXECUTION j WHERE j.JOB_EXECUTION_ID = @jobExecutionId)
        """;

    /// <summary>The UPDATE of a step execution's whole row with its VERSION check, without what it returns (<see cref="UpdateStepExecution"/>).</summary>
    public const string UpdateWholeStepExecution = """
        UPDATE BATCH_STEP_EXECUTION
        SET START_TIME = @start, END_TIME = @end, STATUS = @status, COMMIT_COUNT = @commit, READ_COUNT = @read,
            FILTER_COUNT = @filter, WRITE_COUNT = @write, READ_SKIP_COUNT = @readSkip, WRITE_SKIP_COUNT = @writeSkip,
            PROCESS_SKIP_COUNT = @processSkip, ROLLBACK_COUNT = @rollback, EXIT_CODE = @exitCode, EXIT_MESSAGE = @exitMessage,
            LAST_UPDATED = @now, VERSION = VERSION + 1
        WHERE STEP_EXECUTION_ID = @id AND VERSION = @version
        """;

    /// <summary>
    /// A chunk commit inside a step's session: only what a chunk changes — the counters and the heartbeat —
    /// with the VERSION check, returning the job execution's status like <see cref="UpdateStepExecution"/>.
    /// The status, times and exit status are saved by the full update when the step starts and ends.
    /// </summary>
    public const string UpdateStepProgress = $"""
        {UpdateStepCounters}
        RETURNING (SELECT j.STATUS FROM BATCH_JOB_EXECUTION j WHERE j.JOB_EXECUTION_ID = @jobExecutionId)
        """;

    /// <summary>The UPDATE of a chunk's counters and heartbeat with its VERSION check, without what it returns (<see cref="UpdateStepProgress"/>).</summary>
    public const string UpdateStepCounters = """
        UPDATE BATCH_STEP_EXECUTION
        SET COMMIT_COUNT = @commit, READ_COUNT = @read, FILTER_COUNT = @filter, WRITE_COUNT = @write, READ_SKIP_COUNT = @readSkip,
            WRITE_SKIP_COUNT = @writeSkip, PROCESS_SKIP_COUNT = @processSkip, ROLLBACK_COUNT = @rollback,
            LAST_UPDATED = @now, VERSION = VERSION + 1
        WHERE STEP_EXECUTION_ID = @id AND VERSION = @version
        """;

    /// <summary>
    /// What a checkpoint's UPDATE adds to its WHERE clause where RETURNING costs more than the UPDATE (<see cref="Dialects.SqlDialect.ReturnsRowsCheaply"/>):
    /// it matches only while the job execution is not STOPPING, so its row count says both that the version was current and
    /// that nobody asked the job to stop; a count of 0 is then told apart by the same UPDATE without this condition.
    /// </summary>
    public const string UnlessJobStopping = """

          AND (SELECT j.STATUS FROM BATCH_JOB_EXECUTION j WHERE j.JOB_EXECUTION_ID = @jobExecutionId) IS NOT 'STOPPING'
        """;

    public const string UpsertStepContext = """
        INSERT INTO BATCH_STEP_EXECUTION_CONTEXT (STEP_EXECUTION_ID, SHORT_CONTEXT, SERIALIZED_CONTEXT) VALUES (@id, @short, @serialized)
        ON CONFLICT (STEP_EXECUTION_ID) DO UPDATE SET SHORT_CONTEXT = excluded.SHORT_CONTEXT, SERIALIZED_CONTEXT = excluded.SERIALIZED_CONTEXT
        """;

    /// <summary>
    /// A step's history within an instance, for the restart rules: its latest execution with its context, the job
    /// execution it belongs to with that one's context, and how many executions the step had — one statement.
    /// Columns: step 0–17, step context 18–19, job execution 20–27, job context 28–29, count 30.
    /// </summary>
    /// <summary>
    /// A step row and its context (<c>s</c>, <c>sc</c>), in the ordinals the step readers expect: the row at 0–17, the context at 18–19.
    /// </summary>
    public const string StepColumns = """
        s.STEP_EXECUTION_ID, s.VERSION, s.STEP_NAME, s.JOB_EXECUTION_ID, s.START_TIME, s.END_TIME, s.STATUS,
        s.COMMIT_COUNT, s.READ_COUNT, s.FILTER_COUNT, s.WRITE_COUNT, s.READ_SKIP_COUNT, s.WRITE_SKIP_COUNT, s.PROCESS_SKIP_COUNT,
        s.ROLLBACK_COUNT, s.EXIT_CODE, s.EXIT_MESSAGE, s.LAST_UPDATED, sc.SHORT_CONTEXT, sc.SERIALIZED_CONTEXT
        """;

    public const string SelectStepHistory = $"""
        SELECT {StepColumns},
            e.VERSION, e.CREATE_TIME, e.START_TIME, e.END_TIME, e.STATUS, e.EXIT_CODE, e.EXIT_MESSAGE, e.LAST_UPDATED,
            ec.SHORT_CONTEXT, ec.SERIALIZED_CONTEXT,
            (SELECT COUNT(*) FROM BATCH_STEP_EXECUTION s2 JOIN BATCH_JOB_EXECUTION e2 ON e2.JOB_EXECUTION_ID = s2.JOB_EXECUTION_ID
             WHERE e2.JOB_INSTANCE_ID = @instance AND s2.STEP_NAME = @step)
        FROM BATCH_STEP_EXECUTION s
        JOIN BATCH_JOB_EXECUTION e ON e.JOB_EXECUTION_ID = s.JOB_EXECUTION_ID
        LEFT JOIN BATCH_STEP_EXECUTION_CONTEXT sc ON sc.STEP_EXECUTION_ID = s.STEP_EXECUTION_ID
        LEFT JOIN BATCH_JOB_EXECUTION_CONTEXT ec ON ec.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
        WHERE e.JOB_INSTANCE_ID = @instance AND s.STEP_NAME = @step
        ORDER BY s.STEP_EXECUTION_ID DESC
        LIMIT 1
        """;

    /// <summary>The parameters of one job execution.</summary>
    public const string SelectJobParameters = """
        SELECT TYPE_CD, KEY_NAME, STRING_VAL, IDENTIFYING FROM BATCH_JOB_EXECUTION_PARAMS WHERE JOB_EXECUTION_ID = @id
        """;

    public const string SelectStepExecutionVersion = """
        SELECT VERSION FROM BATCH_STEP_EXECUTION WHERE STEP_EXECUTION_ID = @id
        """;

    /// <summary>
    /// The job executions housekeeping deletes: every execution of the instances whose last execution ended before @before
    /// COMPLETED or ABANDONED (or, when @all is 1, in any status that is not live), and that have no live execution.
    /// </summary>
    private const string Doomed = $"""
        SELECT d.JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION d WHERE d.JOB_INSTANCE_ID IN (
            SELECT le.JOB_INSTANCE_ID FROM BATCH_JOB_EXECUTION le
            WHERE le.JOB_EXECUTION_ID = (SELECT MAX(m.JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION m WHERE m.JOB_INSTANCE_ID = le.JOB_INSTANCE_ID)
                AND le.END_TIME < @before
                AND (le.STATUS IN ('COMPLETED', 'ABANDONED') OR (@all = 1 AND le.STATUS NOT IN {Live}))
                AND NOT EXISTS (SELECT 1 FROM BATCH_JOB_EXECUTION r WHERE r.JOB_INSTANCE_ID = le.JOB_INSTANCE_ID AND r.STATUS IN {Live}))
        """;

    /// <summary>Housekeeping, in order (children first); run in one transaction. The job executions' delete is the one whose count is returned.</summary>
    public static readonly string[] DeleteHistory =
    [
        $"DELETE FROM BATCH_STEP_EXECUTION_CONTEXT WHERE STEP_EXECUTION_ID IN (SELECT s.STEP_EXECUTION_ID FROM BATCH_STEP_EXECUTION s WHERE s.JOB_EXECUTION_ID IN ({Doomed}))",
        $"DELETE FROM BATCH_STEP_EXECUTION WHERE JOB_EXECUTION_ID IN ({Doomed})",
        $"DELETE FROM BATCH_JOB_EXECUTION_CONTEXT WHERE JOB_EXECUTION_ID IN ({Doomed})",
        $"DELETE FROM BATCH_JOB_EXECUTION_PARAMS WHERE JOB_EXECUTION_ID IN ({Doomed})",
        $"DELETE FROM BATCH_JOB_EXECUTION WHERE JOB_EXECUTION_ID IN ({Doomed})",
    ];

    /// <summary>Index in <see cref="DeleteHistory"/> of the statement that deletes job executions.</summary>
    public const int DeleteJobExecutionsIndex = 4;

    public const string DeleteOrphanInstances = """
        DELETE FROM BATCH_JOB_INSTANCE
        WHERE NOT EXISTS (SELECT 1 FROM BATCH_JOB_EXECUTION e WHERE e.JOB_INSTANCE_ID = BATCH_JOB_INSTANCE.JOB_INSTANCE_ID)
        """;
}
