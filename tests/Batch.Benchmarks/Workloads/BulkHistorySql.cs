using System.Data.Common;

namespace Batch.Benchmarks.Workloads;

/// <summary>Runs the statements that fill a job repository with a bulk history in one transaction (parameters @count and @t, a year ago), then ANALYZE.</summary>
internal static class BulkHistorySql
{
    public static async Task RunAsync(DbConnection connection, IReadOnlyList<string> statements, int count, CancellationToken cancellationToken)
    {
        var time = DateTime.UtcNow.AddDays(-365);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var sql in statements)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.CommandTimeout = 0;
            AddParameter(command, "count", (long)count);
            AddParameter(command, "t", time);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        await using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE";
        analyze.CommandTimeout = 0;
        await analyze.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
