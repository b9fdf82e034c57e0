-- Drops the partition queue of remote partitioning (schema/postgresql/partition-queue.sql).
DROP TABLE IF EXISTS BATCH_PARTITION;
