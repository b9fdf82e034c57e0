using Parquet;

namespace Batch.Infrastructure.Parquet;

/// <summary>Where and how a <see cref="ParquetItemWriter{T}"/> writes its files.</summary>
/// <typeparam name="T">The item type: its public properties are the columns, unless <see cref="Columns"/> maps them.</typeparam>
public sealed class ParquetItemWriterOptions<T>
{
    /// <summary>The writer's name: its key in the step's context starts with it (unique within the step). Default <c>parquet.writer</c>.</summary>
    public string Name { get; set; } = "parquet.writer";

    /// <summary>The root folder of the lake (absolute). Required. Partition folders are created under it.</summary>
    public string RootDirectory { get; set; } = string.Empty;

    /// <summary>The partition folders, outermost first (for example <c>table</c>, then <c>date</c>); none writes into the root.</summary>
    public IList<ParquetPartition<T>> Partitions { get; } = new List<ParquetPartition<T>>();

    /// <summary>
    /// Parquet.Net's options: compression (Snappy by default, which DuckDB and Spark read), dictionary encoding and so on.
    /// Column types follow Parquet.Net's serializer: mark a <see cref="DateTime"/> property with
    /// <c>[ParquetTimestamp]</c> to write a logical TIMESTAMP instead of the legacy INT96 (both are read by DuckDB and Spark).
    /// </summary>
    public ParquetOptions ParquetOptions { get; set; } = new();

    /// <summary>
    /// Writes one file's rows to its stream, instead of Parquet.Net's serializer over <typeparamref name="T"/>'s properties: for items
    /// whose columns are known only at run time, such as <see cref="ParquetRowSerializer.For"/> for <c>object?[]</c> rows of a
    /// schema read from a table. Null (the default) uses the serializer with <see cref="ParquetOptions"/>.
    /// </summary>
    public Func<IEnumerable<T>, Stream, CancellationToken, Task>? Serializer { get; set; }

    /// <summary>
    /// The file's columns: which values of <typeparamref name="T"/> become which columns, in which order, with which Parquet
    /// types (decimal precision and scale, dates, timestamps, enums by name, nullability). Null (the default) writes every
    /// public property through Parquet.Net's serializer. Not together with <see cref="Serializer"/>.
    /// </summary>
    public ParquetColumnMap<T>? Columns { get; set; }

    /// <summary>
    /// Whether the files already in a partition stay (<see cref="ParquetWriteMode.Append"/>, the default) or are replaced by
    /// this job instance's files (<see cref="ParquetWriteMode.OverwritePartitions"/>, for a date run again as a new instance).
    /// </summary>
    public ParquetWriteMode Mode { get; set; }
}
