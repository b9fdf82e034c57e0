-- The collector's registry in the rule database (seed 000's "repository"): the source systems (연결관리번호) and,
-- for each, the tables or API resources to collect. Idempotent: safe to run again.

-- 연결관리정보: one source system. METHOD_CODE (연계방식코드) 01 = database, 02 = HTTP API.
CREATE TABLE IF NOT EXISTS T_COLLECT_CONN_0001 (
    CONNECTION_NO      VARCHAR(20)   NOT NULL PRIMARY KEY,   -- 연결관리번호
    METHOD_CODE        CHAR(2)       NOT NULL CHECK (METHOD_CODE IN ('01', '02')),
    CONNECTION_NAME    VARCHAR(200)  NOT NULL,
    -- 01: an Npgsql connection string to the source database; 02: the API's base URL.
    CONNECTION_STRING  VARCHAR(2000) NOT NULL,
    USE_YN             CHAR(1)       NOT NULL DEFAULT 'Y' CHECK (USE_YN IN ('Y', 'N'))
);

-- 수집대상테이블정보: a table (01) or API resource (02) of a connection, and where it lands.
CREATE TABLE IF NOT EXISTS T_COLLECT_TABLE_0001 (
    CONNECTION_NO      VARCHAR(20)   NOT NULL REFERENCES T_COLLECT_CONN_0001 (CONNECTION_NO),
    TABLE_NAME         VARCHAR(200)  NOT NULL,   -- source table (schema.table allowed) or API resource path
    COLUMN_LIST        VARCHAR(4000) NOT NULL,   -- the registered columns, comma-separated; a column the source lost is a permanent error
    KEY_COLUMNS        VARCHAR(1000) NOT NULL,   -- the unique key the source is read in order of (keyset), comma-separated
    TARGET_TABLE       VARCHAR(200)  NOT NULL,   -- the table in the target database and the lake's table=… partition
    USE_YN             CHAR(1)       NOT NULL DEFAULT 'Y' CHECK (USE_YN IN ('Y', 'N')),
    PRIMARY KEY (CONNECTION_NO, TABLE_NAME)
);
