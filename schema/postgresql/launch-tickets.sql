-- The launch queue of queued launches (launch groups: JobBuilder.MaxLiveExecutions / LaunchGroup; see docs/queued-launches.md).
-- One row per launch of a job with a launch limit, from the moment it asks for a slot until its execution has ended:
-- WAITING (in line; TICKET_ID is the arrival order) or HOLDING (it has a slot; JOB_EXECUTION_ID once its execution exists).
-- Decisions run under a transaction-level advisory lock on the group, so no two launches take the last slot.
-- Created on first use by the repository (unless CreateSchema is off). Idempotent: CREATE ... IF NOT EXISTS.
CREATE TABLE IF NOT EXISTS BATCH_LAUNCH_TICKET (
    TICKET_ID        BIGSERIAL     NOT NULL PRIMARY KEY,
    GROUP_NAME       VARCHAR(100)  NOT NULL,
    JOB_NAME         VARCHAR(100)  NOT NULL,
    STATE            VARCHAR(10)   NOT NULL,
    JOB_EXECUTION_ID BIGINT,
    OWNER            VARCHAR(200)  NOT NULL,
    ENTERED          TIMESTAMPTZ   NOT NULL,
    HEARTBEAT        TIMESTAMPTZ   NOT NULL
);

-- A group's tickets in arrival order: what every decision reads.
CREATE INDEX IF NOT EXISTS BATCH_LAUNCH_TICKET_GROUP_IDX ON BATCH_LAUNCH_TICKET (GROUP_NAME, TICKET_ID);
