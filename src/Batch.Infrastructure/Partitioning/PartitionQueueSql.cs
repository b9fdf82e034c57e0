namespace Batch.Infrastructure.Partitioning;

/// <summary>The statements of the PostgreSQL partition queue (table BATCH_PARTITION, <c>schema/postgresql/partition-queue.sql</c>). All parameterised.</summary>
internal static class PartitionQueueSql
{
    public const string Enqueue =
        "INSERT INTO BATCH_PARTITION (JOB_EXECUTION_ID, JOB_NAME, STEP_NAME, WORKER_STEP_NAME, PARTITION_NAME, STEP_EXECUTION_NAME, PARTITION_CONTEXT, STATUS) " +
        "SELECT @job, @jobName, @step, @worker, t.n, t.s, t.c, 'WAITING' FROM unnest(@names, @stepNames, @contexts) WITH ORDINALITY AS t(n, s, c, o) ORDER BY t.o " +
        "ON CONFLICT (JOB_EXECUTION_ID, STEP_NAME, PARTITION_NAME) DO NOTHING";

    public const string Notify = "SELECT pg_notify(@channel, '')";

    /// <summary>Claims the first open partition no other transaction holds: a waiting one, or a claimed one whose lease ran out (taken over).</summary>
    public const string Claim =
        "WITH candidate AS (" +
        "SELECT PARTITION_ID, STATUS AS PREVIOUS_STATUS, OWNER AS PREVIOUS_OWNER FROM BATCH_PARTITION " +
        "WHERE STATUS IN ('WAITING', 'CLAIMED') AND NOT STOP_REQUESTED AND (STATUS = 'WAITING' OR LEASE_EXPIRES < clock_timestamp()) " +
        "ORDER BY PARTITION_ID LIMIT 1 FOR UPDATE SKIP LOCKED) " +
        "UPDATE BATCH_PARTITION p SET STATUS = 'CLAIMED', OWNER = @owner, ATTEMPTS = p.ATTEMPTS + 1, " +
        "LEASE_EXPIRES = clock_timestamp() + make_interval(secs => @lease), LAST_UPDATED = clock_timestamp() " +
        "FROM candidate c WHERE p.PARTITION_ID = c.PARTITION_ID " +
        "RETURNING p.PARTITION_ID, p.JOB_EXECUTION_ID, p.JOB_NAME, p.STEP_NAME, p.WORKER_STEP_NAME, p.PARTITION_NAME, p.STEP_EXECUTION_NAME, " +
        "p.PARTITION_CONTEXT, p.ATTEMPTS, CASE WHEN c.PREVIOUS_STATUS = 'CLAIMED' THEN c.PREVIOUS_OWNER END";

    /// <summary>
    /// Renews a claim; returns whether the partition should stop: the manager asked, or its job execution is no longer running (stopping,
    /// or marked FAILED by an operator), so that no worker goes on with a partition of an execution a restart may already be running.
    /// </summary>
    public const string Renew =
        "UPDATE BATCH_PARTITION p SET LEASE_EXPIRES = clock_timestamp() + make_interval(secs => @lease), READ_COUNT = @read, WRITE_COUNT = @write, " +
        "LAST_UPDATED = clock_timestamp() WHERE p.PARTITION_ID = @id AND p.STATUS = 'CLAIMED' AND p.OWNER = @owner AND p.ATTEMPTS = @attempt " +
        "RETURNING p.STOP_REQUESTED OR EXISTS (SELECT 1 FROM BATCH_JOB_EXECUTION e WHERE e.JOB_EXECUTION_ID = p.JOB_EXECUTION_ID " +
        "AND e.STATUS NOT IN ('STARTING', 'STARTED'))";

    public const string Complete =
        "UPDATE BATCH_PARTITION SET STATUS = CASE WHEN @status = 'WAITING' AND STOP_REQUESTED THEN 'STOPPED' ELSE @status END, " +
        "OWNER = CASE WHEN @status = 'WAITING' THEN NULL ELSE OWNER END, LEASE_EXPIRES = NULL, READ_COUNT = @read, WRITE_COUNT = @write, " +
        "EXIT_MESSAGE = @message, LAST_UPDATED = clock_timestamp() WHERE PARTITION_ID = @id AND STATUS = 'CLAIMED' AND OWNER = @owner AND ATTEMPTS = @attempt";

    public const string RequestStop =
        "UPDATE BATCH_PARTITION SET STOP_REQUESTED = TRUE, STATUS = CASE WHEN STATUS = 'WAITING' THEN 'STOPPED' ELSE STATUS END, " +
        "LAST_UPDATED = clock_timestamp() WHERE JOB_EXECUTION_ID = @job AND STEP_NAME = @step";

    public const string Select =
        "SELECT PARTITION_NAME, STATUS, OWNER, (STATUS = 'CLAIMED' AND LEASE_EXPIRES < clock_timestamp()), ATTEMPTS, READ_COUNT, WRITE_COUNT, EXIT_MESSAGE " +
        "FROM BATCH_PARTITION WHERE JOB_EXECUTION_ID = @job AND STEP_NAME = @step ORDER BY PARTITION_ID";

    public const string Delete = "DELETE FROM BATCH_PARTITION WHERE JOB_EXECUTION_ID = @job AND STEP_NAME = @step";

    public const string TableExists = "SELECT to_regclass('batch_partition') IS NOT NULL";

    public const string SchemaLock = "SELECT pg_advisory_xact_lock(@key)";
}
