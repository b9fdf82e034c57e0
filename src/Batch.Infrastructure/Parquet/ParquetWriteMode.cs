namespace Batch.Infrastructure.Parquet;

/// <summary>What a <see cref="ParquetItemWriter{T}"/> does with the files it finds in a partition it writes to.</summary>
public enum ParquetWriteMode
{
    /// <summary>Adds the job's files beside those already in the partition (the default).</summary>
    Append,

    /// <summary>
    /// The job instance's first committed chunk in a partition replaces the <c>.parquet</c> files other job instances left in
    /// it (for example the run of the same date yesterday), as Spark's dynamic partition overwrite does; partitions the job does
    /// not write keep their files. The files are moved aside when that chunk commits and removed once it has committed, so a
    /// crash at any instant leaves either the old files or the new ones, and a restart of the same job instance never removes
    /// what it committed itself.
    /// </summary>
    OverwritePartitions,
}
