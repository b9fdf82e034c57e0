using System.Globalization;
using Batch.Infrastructure.CrashHost;
using DuckDB.NET.Data;

namespace Batch.Infrastructure.Tests.Parquet;

/// <summary>A lake folder of a test, read back the way a user reads it: DuckDB's <c>read_parquet</c> with Hive partitioning.</summary>
internal sealed class Lake : IDisposable
{
    public Lake()
    {
        Root = Path.Combine(Path.GetTempPath(), "batch-lake-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Every row in the lake, ordered by id, with its partition values.</summary>
    public List<(LakeRow Row, string Table, string Date)> ReadAll()
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            "select Id, Amount, Name, Ratio, Price, Active, CreatedAt, \"table\", cast(\"date\" as varchar) " +
            $"from read_parquet('{Root.Replace("'", "''", StringComparison.Ordinal)}/**/*.parquet', hive_partitioning = true) order by Id";
        using var reader = command.ExecuteReader();
        var rows = new List<(LakeRow, string, string)>();
        while (reader.Read())
        {
            var row = new LakeRow(
                reader.GetInt32(0),
                reader.GetInt64(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetDouble(3),
                reader.GetDecimal(4),
                reader.GetBoolean(5),
                DateTime.SpecifyKind(reader.GetDateTime(6), DateTimeKind.Utc));
            rows.Add((row, reader.GetString(7), reader.GetString(8)));
        }

        return rows;
    }

    public string[] Files(string pattern) =>
        [.. Directory.EnumerateFiles(Root, pattern, SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Root, f)).Order(StringComparer.Ordinal)];

    public static string DateOf(int id) => (id % 2 == 0 ? new DateOnly(2026, 11, 22) : new DateOnly(2026, 11, 23)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
