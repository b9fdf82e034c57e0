-- Seed 000's status and log tables. The logs keep every attempt (재수행이 사유를 파악할 수 있다): one row per try.

-- 배치수행상태정보: the current state of each table of a base time; what batchcheck reads.
CREATE TABLE IF NOT EXISTS T_BATCH_STATUS_0001 (
    BATCH_BASE_TIME    CHAR(14)      NOT NULL,   -- 배치기준시간 yyyyMMddHHmmss
    METHOD_CODE        CHAR(2)       NOT NULL,
    CONNECTION_NO      VARCHAR(20)   NOT NULL,
    TABLE_NAME         VARCHAR(200)  NOT NULL,
    STATUS             VARCHAR(10)   NOT NULL,   -- RUNNING, SUCCESS, FAILED
    ATTEMPTS           INTEGER       NOT NULL,
    JOB_EXECUTION_ID   BIGINT        NOT NULL,
    SOURCE_ROWS        BIGINT,
    LAKE_ROWS          BIGINT,
    TARGET_ROWS        BIGINT,
    CHECKSUM           VARCHAR(40),
    MESSAGE            VARCHAR(4000),
    STARTED_AT         TIMESTAMP     NOT NULL,
    ENDED_AT           TIMESTAMP,
    PRIMARY KEY (BATCH_BASE_TIME, CONNECTION_NO, TABLE_NAME)
);

-- 수집대상연결별배치로그: one row per connection per batchrun attempt.
CREATE TABLE IF NOT EXISTS T_BATCH_LOG_0001 (
    LOG_ID             INTEGER PRIMARY KEY AUTOINCREMENT,
    BATCH_BASE_TIME    CHAR(14)      NOT NULL,
    METHOD_CODE        CHAR(2)       NOT NULL,
    CONNECTION_NO      VARCHAR(20)   NOT NULL,
    JOB_EXECUTION_ID   BIGINT        NOT NULL,
    STATUS             VARCHAR(10)   NOT NULL,   -- RUNNING, SUCCESS, FAILED
    TABLES_TOTAL       INTEGER       NOT NULL,
    TABLES_SUCCEEDED   INTEGER       NOT NULL,
    TABLES_FAILED      INTEGER       NOT NULL,
    MESSAGE            VARCHAR(4000),
    STARTED_AT         TIMESTAMP     NOT NULL,
    ENDED_AT           TIMESTAMP
);
CREATE INDEX IF NOT EXISTS IX_BATCH_LOG_0001_BASE ON T_BATCH_LOG_0001 (BATCH_BASE_TIME, CONNECTION_NO);

-- DB테이블별배치로그: one row per table per attempt, with the reason of a failure.
CREATE TABLE IF NOT EXISTS T_BATCH_LOG_0002 (
    LOG_ID             INTEGER PRIMARY KEY AUTOINCREMENT,
    BATCH_BASE_TIME    CHAR(14)      NOT NULL,
    METHOD_CODE        CHAR(2)       NOT NULL,
    CONNECTION_NO      VARCHAR(20)   NOT NULL,
    TABLE_NAME         VARCHAR(200)  NOT NULL,
    ATTEMPT_NO         INTEGER       NOT NULL,
    JOB_EXECUTION_ID   BIGINT        NOT NULL,
    STEP_EXECUTION_ID  BIGINT        NOT NULL,
    STATUS             VARCHAR(10)   NOT NULL,   -- RUNNING, SUCCESS, FAILED
    READ_COUNT         BIGINT,
    WRITE_COUNT        BIGINT,
    SOURCE_ROWS        BIGINT,
    LAKE_ROWS          BIGINT,
    TARGET_ROWS        BIGINT,
    CHECKSUM           VARCHAR(40),
    MESSAGE            VARCHAR(4000),              -- why the attempt failed
    STARTED_AT         TIMESTAMP     NOT NULL,
    ENDED_AT           TIMESTAMP
);
CREATE INDEX IF NOT EXISTS IX_BATCH_LOG_0002_BASE ON T_BATCH_LOG_0002 (BATCH_BASE_TIME, CONNECTION_NO, TABLE_NAME);
