namespace Batch.Infrastructure.Repository.Sql;

/// <summary>
/// The explorer's reads, the same text on PostgreSQL and SQLite. Each is answered from an index whatever the size of the
/// history: the names by a skip scan of the instance key, the newest instances of a job by (JOB_NAME, JOB_INSTANCE_ID), an
/// instance's executions by (JOB_INSTANCE_ID, JOB_EXECUTION_ID), the live ones by the partial index of the launch guard.
/// </summary>
internal static class ExplorerSql
{
    /// <summary>The distinct job names by a skip scan (one index probe per name) instead of reading every instance.</summary>
    public const string SelectJobNames = """
        WITH RECURSIVE names(name) AS (
            SELECT MIN(JOB_NAME) FROM BATCH_JOB_INSTANCE
            UNION ALL
            SELECT (SELECT MIN(i.JOB_NAME) FROM BATCH_JOB_INSTANCE i WHERE i.JOB_NAME > names.name) FROM names WHERE names.name IS NOT NULL
        )
        SELECT name FROM names WHERE name IS NOT NULL
        """;

    private const string InstanceColumns = "i.JOB_INSTANCE_ID, i.VERSION, i.JOB_NAME, i.JOB_KEY";

    public const string SelectInstancesOfJob = $"""
        SELECT {InstanceColumns} FROM BATCH_JOB_INSTANCE i
        WHERE i.JOB_NAME = @jobName
        ORDER BY i.JOB_INSTANCE_ID DESC
        LIMIT @count OFFSET @start
        """;

    public const string SelectInstanceById = $"SELECT {InstanceColumns} FROM BATCH_JOB_INSTANCE i WHERE i.JOB_INSTANCE_ID = @id";

    public const string SelectInstanceByKey = $"SELECT {InstanceColumns} FROM BATCH_JOB_INSTANCE i WHERE i.JOB_NAME = @jobName AND i.JOB_KEY = @jobKey";

    /// <summary>Filter: one execution.</summary>
    public const string ExecutionById = "e.JOB_EXECUTION_ID = @id";

    /// <summary>Filter: every execution of an instance.</summary>
    public const string ExecutionsOfInstance = "e.JOB_INSTANCE_ID = @instance";

    /// <summary>Filter: the newest execution of an instance.</summary>
    public const string LastExecutionOfInstance =
        "e.JOB_EXECUTION_ID = (SELECT MAX(l.JOB_EXECUTION_ID) FROM BATCH_JOB_EXECUTION l WHERE l.JOB_INSTANCE_ID = @instance)";

    /// <summary>Filter: the live executions of a job (the predicate of the launch guard's partial index, so it is used).</summary>
    public const string RunningExecutionsOfJob = "e.STATUS IN ('STARTING', 'STARTED', 'STOPPING') AND i.JOB_NAME = @jobName";

    /// <summary>
    /// The ids of one page of executions across instances, newest first, of one job (by the instance name index: the cost grows
    /// with that job's executions, not the whole history) and/or one status when <paramref name="byJob"/> / <paramref name="byStatus"/>;
    /// without a job, the primary key read backwards. Parameters: <c>@jobName</c>, <c>@status</c>, <c>@count</c>, <c>@start</c>.
    /// </summary>
    public static string SelectPageOfExecutionIds(bool byJob, bool byStatus)
    {
        var conditions = new List<string>(2);
        if (byJob)
        {
            conditions.Add("f.JOB_INSTANCE_ID IN (SELECT fi.JOB_INSTANCE_ID FROM BATCH_JOB_INSTANCE fi WHERE fi.JOB_NAME = @jobName)");
        }

        if (byStatus)
        {
            conditions.Add("f.STATUS = @status");
        }

        var where = conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions);
        return $"SELECT f.JOB_EXECUTION_ID FROM BATCH_JOB_EXECUTION f{where} ORDER BY f.JOB_EXECUTION_ID DESC LIMIT @count OFFSET @start";
    }

    /// <summary>Filter: the executions whose ids are the parameters <c>@id0</c> … <c>@id{count-1}</c>.</summary>
    public static string ExecutionsByIds(int count)
    {
        var names = new string[count];
        for (var i = 0; i < count; i++)
        {
            names[i] = "@id" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return $"e.JOB_EXECUTION_ID IN ({string.Join(", ", names)})";
    }

    /// <summary>The executions a filter selects, newest first, with their instance and context.</summary>
    public static string SelectExecutions(string filter) => $"""
        SELECT e.JOB_EXECUTION_ID, e.VERSION, e.JOB_INSTANCE_ID, e.CREATE_TIME, e.START_TIME, e.END_TIME, e.STATUS, e.EXIT_CODE, e.EXIT_MESSAGE,
            e.LAST_UPDATED, {InstanceColumns}, c.SHORT_CONTEXT, c.SERIALIZED_CONTEXT
        FROM BATCH_JOB_EXECUTION e
        JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
        LEFT JOIN BATCH_JOB_EXECUTION_CONTEXT c ON c.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID
        WHERE {filter}
        ORDER BY e.JOB_EXECUTION_ID DESC
        """;

    /// <summary>The parameters of the executions a filter selects.</summary>
    public static string SelectParametersOfExecutions(string filter) => $"""
        SELECT p.JOB_EXECUTION_ID, p.TYPE_CD, p.KEY_NAME, p.STRING_VAL, p.IDENTIFYING
        FROM BATCH_JOB_EXECUTION_PARAMS p
        JOIN BATCH_JOB_EXECUTION e ON e.JOB_EXECUTION_ID = p.JOB_EXECUTION_ID
        JOIN BATCH_JOB_INSTANCE i ON i.JOB_INSTANCE_ID = e.JOB_INSTANCE_ID
        WHERE {filter}
        """;

    /// <summary>The steps of one execution in the order they started, with their contexts (the columns of the step history read).</summary>
    public const string SelectStepsOfExecution = $"""
        SELECT {RepositorySql.StepColumns}
        FROM BATCH_STEP_EXECUTION s
        LEFT JOIN BATCH_STEP_EXECUTION_CONTEXT sc ON sc.STEP_EXECUTION_ID = s.STEP_EXECUTION_ID
        WHERE s.JOB_EXECUTION_ID = @id
        ORDER BY s.STEP_EXECUTION_ID
        """;
}
