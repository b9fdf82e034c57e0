using System.Globalization;
using Parquet.Schema;

namespace Samples.Collector.Collect;

/// <summary>
/// Where a table's rows land: the lake folder <c>{root}/table={target}/date={yyyy-MM-dd}</c> (Hive partitions of the table and the base
/// date; readable with DuckDB's <c>read_parquet('{root}/**/*.parquet', hive_partitioning = true)</c> or Spark), and the target table,
/// which gets the base time as its first column and as the first column of its primary key.
/// </summary>
public static class LakeLayout
{
    /// <summary>The target table's base-time column.</summary>
    public const string BaseTimeColumn = "batch_base_time";

    /// <summary>The base date of a base time, as the lake's <c>date=</c> partition writes it.</summary>
    /// <param name="baseTime"><c>yyyyMMddHHmmss</c>.</param>
    /// <returns><c>yyyy-MM-dd</c>.</returns>
    public static string BaseDate(string baseTime) =>
        DateTime.ParseExact(baseTime, CollectArguments.BaseTimeFormat, CultureInfo.InvariantCulture).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The Parquet schema of a table's columns.</summary>
    /// <param name="columns">The source's columns.</param>
    /// <returns>One field per column: booleans, integers, floats, decimals with their declared precision (38, 18 when none), timestamps in
    /// microseconds, dates, byte arrays, and text for everything else.</returns>
    public static ParquetSchema SchemaOf(IReadOnlyList<SourceColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var fields = new List<Field>(columns.Count);
        foreach (var column in columns)
        {
            var type = column.ClrType;
            Field field = type == typeof(decimal) ? new DecimalDataField(column.Name, column.Precision ?? 38, column.Scale ?? 18, isNullable: column.Nullable)
                : type == typeof(DateOnly) ? new DateTimeDataField(column.Name, DateTimeFormat.Date, false, null, isNullable: column.Nullable)
                : type == typeof(DateTime) ? new DateTimeDataField(
                    column.Name, column.IsDate ? DateTimeFormat.Date : DateTimeFormat.Timestamp, column.WithTimeZone, DateTimeTimeUnit.Micros, isNullable: column.Nullable)
                : type == typeof(bool) || type == typeof(short) || type == typeof(int) || type == typeof(long) || type == typeof(float) || type == typeof(double) || type == typeof(byte[])
                    ? new DataField(column.Name, type, isNullable: column.Nullable)
                : new DataField(column.Name, typeof(string), isNullable: column.Nullable);
            fields.Add(field);
        }

        return new ParquetSchema(fields);
    }

    /// <summary>The prefix of the Parquet part files a job instance writes (<c>part-i{instance}-</c>), for the lake's verification.</summary>
    internal static string FilePrefix(long jobInstanceId) => string.Create(CultureInfo.InvariantCulture, $"part-i{jobInstanceId}-");

    /// <summary>The lake folder of a table and base time (target names are plain SQL names, which Hive escaping leaves as they are).</summary>
    internal static string Folder(string root, string targetTable, string baseTime) =>
        Path.Combine(root, "table=" + targetTable, "date=" + BaseDate(baseTime));
}
