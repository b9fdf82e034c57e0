-- The partition queue of remote partitioning (PostgreSQL only; see schema/README.md, "Partition queue").
-- One row per partition of a remote partitioned step's execution, claimed by worker processes with
-- FOR UPDATE SKIP LOCKED under a lease (LEASE_EXPIRES, renewed while the partition runs). The partitions'
-- step executions themselves are ordinary rows of BATCH_STEP_EXECUTION. Idempotent: CREATE ... IF NOT EXISTS.
CREATE TABLE IF NOT EXISTS BATCH_PARTITION (
    PARTITION_ID        BIGSERIAL     NOT NULL PRIMARY KEY,
    JOB_EXECUTION_ID    BIGINT        NOT NULL,
    JOB_NAME            VARCHAR(100)  NOT NULL,
    STEP_NAME           VARCHAR(100)  NOT NULL,
    WORKER_STEP_NAME    VARCHAR(100)  NOT NULL,
    PARTITION_NAME      VARCHAR(100)  NOT NULL,
    STEP_EXECUTION_NAME VARCHAR(100)  NOT NULL,
    PARTITION_CONTEXT   TEXT          NOT NULL,
    STATUS              VARCHAR(10)   NOT NULL,
    OWNER               VARCHAR(200),
    ATTEMPTS            INT           NOT NULL DEFAULT 0,
    LEASE_EXPIRES       TIMESTAMPTZ,
    STOP_REQUESTED      BOOLEAN       NOT NULL DEFAULT FALSE,
    READ_COUNT          BIGINT        NOT NULL DEFAULT 0,
    WRITE_COUNT         BIGINT        NOT NULL DEFAULT 0,
    EXIT_MESSAGE        VARCHAR(2500),
    LAST_UPDATED        TIMESTAMPTZ   NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT BATCH_PARTITION_UN UNIQUE (JOB_EXECUTION_ID, STEP_NAME, PARTITION_NAME)
);

-- What a worker's claim looks for: the open partitions only (a partial index stays small however many have ended).
CREATE INDEX IF NOT EXISTS BATCH_PARTITION_OPEN_IDX ON BATCH_PARTITION (PARTITION_ID) WHERE STATUS IN ('WAITING', 'CLAIMED');
