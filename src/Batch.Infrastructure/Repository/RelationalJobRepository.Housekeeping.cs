using Batch.Infrastructure.Repository.Mapping;
using Batch.Infrastructure.Repository.Sql;

namespace Batch.Infrastructure.Repository;

public sealed partial class RelationalJobRepository
{
    /// <inheritdoc />
    /// <remarks>One transaction: the step contexts, step executions, job contexts, parameters and job
    /// executions of the executions that ended before the date and are not live, then the instances left
    /// without any execution.</remarks>
    public async ValueTask<int> DeleteJobExecutionsEndedBeforeAsync(DateTimeOffset endedBefore, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var deleted = 0;
        for (var i = 0; i < RepositorySql.DeleteHistory.Length; i++)
        {
            await using var command = connection.CreateCommand(transaction, RepositorySql.DeleteHistory[i]).With("before", DbTime.ToDb(endedBefore));
            var rows = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (i == RepositorySql.DeleteJobExecutionsIndex)
            {
                deleted = rows;
            }
        }

        await using (var orphans = connection.CreateCommand(transaction, RepositorySql.DeleteOrphanInstances))
        {
            await orphans.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted;
    }
}
