using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Batch.Items;

namespace Batch.Infrastructure.CrashHost;

/// <summary>
/// The table the test jobs write their items to (TEST_ITEM), in the job repository's database, and a
/// writer that inserts each chunk through the chunk's transaction so the rows commit with the checkpoint.
/// </summary>
internal static class ItemTable
{
    public const string Create = "CREATE TABLE IF NOT EXISTS TEST_ITEM (ITEM BIGINT NOT NULL, JOB_EXECUTION_ID BIGINT NOT NULL)";

    public static async Task CreateAsync(Provider provider)
    {
        await using var connection = await provider.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = Create;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The rows written: (total, distinct items, smallest, largest).</summary>
    public static async Task<(long Total, long Distinct, long Min, long Max)> SummaryAsync(Provider provider)
    {
        await using var connection = await provider.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COUNT(DISTINCT ITEM), COALESCE(MIN(ITEM), 0), COALESCE(MAX(ITEM), 0) FROM TEST_ITEM";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    /// <summary>Inserts the chunk's items in one statement through the chunk's connection and transaction.</summary>
    public sealed class Writer : IItemWriter<int>
    {
        private static readonly ConcurrentDictionary<int, string> Sql = new();

        public async ValueTask WriteAsync(Chunk<int> chunk, CancellationToken cancellationToken)
        {
            var transaction = chunk.Transaction ?? throw new InvalidOperationException("The item table writer needs a database job repository.");
            var connection = transaction.Connection!;
            await using var command = connection.CreateCommand();
            command.Transaction = transaction.Transaction;
            command.CommandText = Sql.GetOrAdd(chunk.Count, BuildSql);
            var executionId = command.CreateParameter();
            executionId.ParameterName = "e";
            executionId.Value = CurrentExecutionId;
            command.Parameters.Add(executionId);
            for (var i = 0; i < chunk.Count; i++)
            {
                var item = command.CreateParameter();
                item.ParameterName = "i" + i.ToString(CultureInfo.InvariantCulture);
                item.Value = (long)chunk[i];
                command.Parameters.Add(item);
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        /// <summary>Set by the job's listener; stored with each row for diagnosis.</summary>
        public long CurrentExecutionId { get; set; }

        private static string BuildSql(int count)
        {
            var sql = new StringBuilder("INSERT INTO TEST_ITEM (ITEM, JOB_EXECUTION_ID) VALUES ");
            for (var i = 0; i < count; i++)
            {
                sql.Append(i == 0 ? string.Empty : ", ").Append(CultureInfo.InvariantCulture, $"(@i{i}, @e)");
            }

            return sql.ToString();
        }
    }
}
