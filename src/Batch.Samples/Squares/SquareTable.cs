using System.Data.Common;

namespace Samples.Squares;

/// <summary>The sample's table, in the job repository's database so that its rows commit with each checkpoint.</summary>
internal static class SquareTable
{
    public const string CreateSql =
        "CREATE TABLE IF NOT EXISTS SAMPLE_SQUARES (INSTANCE_ID BIGINT NOT NULL, N BIGINT NOT NULL, SQUARE BIGINT NOT NULL, PRIMARY KEY (INSTANCE_ID, N))";

    public const string SummarySql =
        "SELECT COUNT(*), COALESCE(SUM(SQUARE), 0) FROM SAMPLE_SQUARES WHERE INSTANCE_ID = @instance";

    /// <summary>The open connection and transaction of the current chunk or tasklet call, or a clear error when the repository has none.</summary>
    public static (DbConnection Connection, DbTransaction Transaction) Require(Batch.Repository.IChunkTransaction? transaction) =>
        transaction is { Connection: { } connection, Transaction: { } tx }
            ? (connection, tx)
            : throw new InvalidOperationException(
                "The squares job writes to the job repository's database, and this repository has none (in-memory): use UseSqlite or UsePostgres.");

    public static DbParameter AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
