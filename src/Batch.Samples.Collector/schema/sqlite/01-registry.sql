-- The collector's registry in the rule database (seed 000's "repository"): the source systems (연결관리번호) and,
-- for each, the tables or API resources to collect. Idempotent: safe to run again.

-- 연결관리정보: one source system. METHOD_CODE (연계방식코드) 01 = database, 02 = HTTP API.
CREATE TABLE IF NOT EXISTS T_COLLECT_CONN_0001 (
    CONNECTION_NO      VARCHAR(20)   NOT NULL PRIMARY KEY,   -- 연결관리번호
    METHOD_CODE        CHAR(2)       NOT NULL CHECK (METHOD_CODE IN ('01', '02')),
    CONNECTION_NAME    VARCHAR(200)  NOT NULL,
    -- 01: an Npgsql connection string to the source database; 02: the API's base URL (http:// or https://, ending in /).
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

-- 수집대상API정보: how an API resource (a T_COLLECT_TABLE_0001 entry of a METHOD_CODE 02 connection) is paged and typed.
-- The connection's CONNECTION_STRING is the API's base URL; TABLE_NAME is the resource path relative to it (v1/orders).
-- COLUMN_LIST names the item's JSON fields (and the target's columns); KEY_COLUMNS its unique key (the target's primary key).
CREATE TABLE IF NOT EXISTS T_COLLECT_API_0001 (
    CONNECTION_NO      VARCHAR(20)   NOT NULL,
    TABLE_NAME         VARCHAR(200)  NOT NULL,   -- the resource path, as in T_COLLECT_TABLE_0001
    PAGING_TYPE        VARCHAR(10)   NOT NULL CHECK (PAGING_TYPE IN ('number', 'offset', 'link', 'cursor')),
    PAGE_SIZE          INTEGER       NOT NULL DEFAULT 100 CHECK (PAGE_SIZE BETWEEN 1 AND 100000),
    -- the PostgreSQL type of each COLUMN_LIST field, in the same order, comma-separated: bigint, integer, smallint, numeric(p,s),
    -- double precision, real, boolean, text, varchar(n), date, timestamp, timestamptz, uuid
    COLUMN_TYPES       VARCHAR(4000) NOT NULL,
    ITEMS_FIELD        VARCHAR(100)  NOT NULL DEFAULT 'items',   -- the body's array of items
    NEXT_FIELD         VARCHAR(100),             -- link: the body's next URL; cursor: the body's next cursor (default 'next')
    PAGE_PARAM         VARCHAR(100),             -- the query parameter of the page state (default: page, offset, cursor)
    SIZE_PARAM         VARCHAR(100),             -- the query parameter of the page size (default: size for number, else limit)
    PRIMARY KEY (CONNECTION_NO, TABLE_NAME),
    FOREIGN KEY (CONNECTION_NO, TABLE_NAME) REFERENCES T_COLLECT_TABLE_0001 (CONNECTION_NO, TABLE_NAME)
);
