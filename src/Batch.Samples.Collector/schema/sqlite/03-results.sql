-- Seed 000's result tables: final results only, whatever the retries were (batchresult rewrites them for a base time).

-- 최종배치수행일시정보: per method code, the newest base time whose results were gathered.
CREATE TABLE IF NOT EXISTS T_BATCH_DATE_0001 (
    METHOD_CODE        CHAR(2)       NOT NULL PRIMARY KEY,
    BATCH_BASE_TIME    CHAR(14)      NOT NULL,
    RESULT             VARCHAR(10)   NOT NULL,   -- SUCCESS, FAILED
    UPDATED_AT         TIMESTAMP     NOT NULL
);

-- 연계방식별배치결과
CREATE TABLE IF NOT EXISTS T_BATCH_RESULT_0001 (
    BATCH_BASE_TIME    CHAR(14)      NOT NULL,
    METHOD_CODE        CHAR(2)       NOT NULL,
    RESULT             VARCHAR(10)   NOT NULL,
    CONNECTIONS_TOTAL  INTEGER       NOT NULL,
    CONNECTIONS_SUCCEEDED INTEGER    NOT NULL,
    TABLES_TOTAL       INTEGER       NOT NULL,
    TABLES_SUCCEEDED   INTEGER       NOT NULL,
    ROWS_COLLECTED     BIGINT        NOT NULL,
    STARTED_AT         TIMESTAMP,
    ENDED_AT           TIMESTAMP,
    PRIMARY KEY (BATCH_BASE_TIME, METHOD_CODE)
);

-- 수집대상연결별배치결과
CREATE TABLE IF NOT EXISTS T_BATCH_RESULT_0002 (
    BATCH_BASE_TIME    CHAR(14)      NOT NULL,
    METHOD_CODE        CHAR(2)       NOT NULL,
    CONNECTION_NO      VARCHAR(20)   NOT NULL,
    RESULT             VARCHAR(10)   NOT NULL,
    TABLES_TOTAL       INTEGER       NOT NULL,
    TABLES_SUCCEEDED   INTEGER       NOT NULL,
    ROWS_COLLECTED     BIGINT        NOT NULL,
    ATTEMPTS           INTEGER       NOT NULL,   -- the most attempts any of its tables needed
    STARTED_AT         TIMESTAMP,
    ENDED_AT           TIMESTAMP,
    PRIMARY KEY (BATCH_BASE_TIME, CONNECTION_NO)
);

-- DB테이블별배치결과
CREATE TABLE IF NOT EXISTS T_BATCH_RESULT_0003 (
    BATCH_BASE_TIME    CHAR(14)      NOT NULL,
    METHOD_CODE        CHAR(2)       NOT NULL,
    CONNECTION_NO      VARCHAR(20)   NOT NULL,
    TABLE_NAME         VARCHAR(200)  NOT NULL,
    RESULT             VARCHAR(10)   NOT NULL,   -- SUCCESS, FAILED, NOT RUN
    SOURCE_ROWS        BIGINT,
    LAKE_ROWS          BIGINT,
    TARGET_ROWS        BIGINT,
    CHECKSUM           VARCHAR(40),
    ATTEMPTS           INTEGER       NOT NULL,
    MESSAGE            VARCHAR(4000),              -- the last failure's reason when it did not succeed
    STARTED_AT         TIMESTAMP,
    ENDED_AT           TIMESTAMP,
    PRIMARY KEY (BATCH_BASE_TIME, CONNECTION_NO, TABLE_NAME)
);
