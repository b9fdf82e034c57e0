namespace Batch.Infrastructure.Partitioning;

/// <summary>Settings of the PostgreSQL partition queue (<see cref="PostgresPartitionQueue"/>).</summary>
public sealed class PostgresPartitionQueueOptions
{
    /// <summary>Whether the queue creates its table (BATCH_PARTITION, <c>schema/postgresql/partition-queue.sql</c>) when it is missing. Default true.</summary>
    public bool CreateSchema { get; set; } = true;

    /// <summary>
    /// The LISTEN/NOTIFY channel that wakes workers when partitions are added: lower-case letters, digits and underscores, starting with
    /// a letter or an underscore. Default <c>batch_partitions</c>; give applications sharing a database their own.
    /// </summary>
    public string Channel { get; set; } = "batch_partitions";
}
