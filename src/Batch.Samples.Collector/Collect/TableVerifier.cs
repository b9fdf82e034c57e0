using System.Text.Json;
using Npgsql;
using Samples.Collector.Configuration;
using Samples.Collector.Rules;

namespace Samples.Collector.Collect;

/// <summary>
/// Verifies a table's load against its source: counts and checksums the source table (for an API resource: what its reader read),
/// this job instance's lake files of the table
/// and the target table's rows of the base time, and keeps the values under <c>tmp/{base time}/{connection}/{table}.json</c>.
/// </summary>
internal static class TableVerifier
{
    public static async Task<TableVerification> VerifyAsync(
        CollectorRuntime runtime, TableEntry table, string baseTime, long jobInstanceId, SideCount? read, CancellationToken cancellationToken)
    {
        var columns = string.Join(", ", table.Columns);
        SideCount source;
        if (table.Api is not null)
        {
            // An API is not read twice: the load is verified against what its reader read (kept with each checkpoint).
            source = read ?? throw new CollectorException($"The reader of {table.PartitionValue} kept no count of what it read, so the load cannot be verified.");
        }
        else
        {
            var connection = await runtime.ConnectionAsync(table.ConnectionNumber, cancellationToken).ConfigureAwait(false);
            source = (await ChecksumAsync(runtime.Source(connection.ConnectionString), $"SELECT {columns} FROM {table.TableName}", null, cancellationToken).ConfigureAwait(false)).ToSide();
        }

        var target = await ChecksumAsync(runtime.Target, $"SELECT {columns} FROM {table.TargetTable} WHERE {LakeLayout.BaseTimeColumn} = @base", baseTime, cancellationToken).ConfigureAwait(false);
        var lake = await LakeFiles.ChecksumAsync(LakeLayout.Folder(runtime.LakeRoot, table.TargetTable, baseTime), LakeLayout.FilePrefix(jobInstanceId), cancellationToken).ConfigureAwait(false);
        var verification = new TableVerification(baseTime, table.ConnectionNumber, table.TableName, source, lake.ToSide(), target.ToSide(), DateTime.UtcNow);
        await KeepAsync(runtime.Folder, verification, cancellationToken).ConfigureAwait(false);
        return verification;
    }

    /// <summary>The file a table's verification is kept in.</summary>
    internal static string FileOf(CollectorFolder folder, string baseTime, string connection, string table) =>
        folder.Resolve(Path.Combine("tmp", baseTime, Safe(connection), Safe(table) + ".json"), "verification file");

    private static async Task KeepAsync(CollectorFolder folder, TableVerification verification, CancellationToken cancellationToken)
    {
        var path = FileOf(folder, verification.BaseTime, verification.Connection, verification.Table);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var stream = File.Create(path);
        await using (stream.ConfigureAwait(false))
        {
            await JsonSerializer.SerializeAsync(stream, verification, CollectorJson.Default.TableVerification, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<RowChecksum> ChecksumAsync(NpgsqlDataSource database, string sql, string? baseTime, CancellationToken cancellationToken)
    {
        var checksum = new RowChecksum();
        await using var command = database.CreateCommand(sql);
        if (baseTime is not null)
        {
            command.Parameters.AddWithValue("base", baseTime);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            checksum.Add(TableReader.Map(reader));
        }

        return checksum;
    }

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '_'));
}
