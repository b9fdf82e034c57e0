using System.Data.Common;
using System.Globalization;

namespace Samples.Squares;

/// <summary>The sample's table, in the job repository's database so that its rows commit with each checkpoint.</summary>
internal static class SquareTable
{
    public const string CreateSql =
        "CREATE TABLE IF NOT EXISTS SAMPLE_SQUARES (INSTANCE_ID BIGINT NOT NULL, N BIGINT NOT NULL, SQUARE BIGINT NOT NULL, PRIMARY KEY (INSTANCE_ID, N))";

    /// <summary>
    /// The count and the sum of the squares, the sum in two parts (the squares' quotients and remainders by 10^9) so that
    /// neither overflows BIGINT — SQLite fails a SUM over 2^63 — for any count up to <see cref="SquaresJob.MaxCount"/>:
    /// each part is at most 10^9 per row over at most 10^9 rows.
    /// </summary>
    public const string SummarySql =
        "SELECT COUNT(*), COALESCE(SUM(SQUARE / 1000000000), 0), COALESCE(SUM(SQUARE % 1000000000), 0) FROM SAMPLE_SQUARES WHERE INSTANCE_ID = @instance";

    /// <summary>How many squares an instance wrote and their exact sum.</summary>
    public static async Task<(long Rows, decimal Sum)> ReadSummaryAsync(DbConnection connection, DbTransaction? transaction, long instanceId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = SummarySql;
        AddParameter(command, "@instance", instanceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var high = Convert.ToDecimal(reader.GetValue(1), CultureInfo.InvariantCulture);
        var low = Convert.ToDecimal(reader.GetValue(2), CultureInfo.InvariantCulture);
        return (reader.GetInt64(0), (high * 1_000_000_000m) + low);
    }

    public static DbParameter AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
