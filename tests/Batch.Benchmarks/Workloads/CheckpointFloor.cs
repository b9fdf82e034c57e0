using System.Data.Common;
using System.Globalization;
using Batch.Infrastructure.Repository.Sql;
using Batch.Repository;

namespace Batch.Benchmarks.Workloads;

/// <summary>
/// The floor of a checkpoint in the repository's own schema, done by hand: the same lines to a file, then per chunk
/// BEGIN, the repository's own two statements (the step row's counters with the VERSION check, and the context row
/// with the reader's position), COMMIT — on one connection with the statements built once, in one round trip on
/// PostgreSQL. The gap between this and the one-row baseline is what the schema costs (Spring Batch's: the context
/// lives in a table of its own, so a chunk that moves the reader writes two rows); the gap between the framework and
/// this is what the framework adds.
/// </summary>
internal static class CheckpointFloor
{
    /// <summary>Adds a step execution to write to, through the repository (setup, not timed).</summary>
    public static async Task<StepExecution> AddStepAsync(IJobRepository repository, long run, CancellationToken cancellationToken)
    {
        var execution = await repository.CreateJobExecutionAsync(
            new JobLaunchRequest("checkpoint-floor", new JobParametersBuilder().AddLong("run", run).Build()), cancellationToken);
        var step = execution.CreateStepExecution("lines");
        await repository.AddStepExecutionAsync(step, cancellationToken);
        return step;
    }

    public static async Task RunAsync(DbConnection connection, bool batch, StepExecution step, string file, int items, int chunk, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(file, append: false);
        await using var update = connection.CreateCommand();
        update.CommandText = RepositorySql.UpdateStepProgress;
        var version = Add(update, "@version", step.Version);
        var commits = Add(update, "@commit", 0L);
        var read = Add(update, "@read", 0L);
        var written = Add(update, "@write", 0L);
        var now = Add(update, "@now", DateTime.UtcNow);
        Add(update, "@id", step.Id);
        Add(update, "@jobExecutionId", step.JobExecution.Id);
        foreach (var zero in new[] { "@filter", "@readSkip", "@writeSkip", "@processSkip", "@rollback" })
        {
            Add(update, zero, 0L);
        }

        await using var upsert = connection.CreateCommand();
        upsert.CommandText = RepositorySql.UpsertStepContext;
        Add(upsert, "@id", step.Id);
        var context = Add(upsert, "@short", "{}");
        Add(upsert, "@serialized", DBNull.Value).DbType = System.Data.DbType.String;
        await using var both = batch ? connection.CreateBatch() : null;
        if (both is not null)
        {
            both.BatchCommands.Add(Copy(both, update));
            both.BatchCommands.Add(Copy(both, upsert));
            await both.PrepareAsync(cancellationToken);
        }
        else
        {
            await update.PrepareAsync(cancellationToken);
            await upsert.PrepareAsync(cancellationToken);
        }

        long commit = 0;
        for (var n = 1; n <= items;)
        {
            var inChunk = 0;
            for (; inChunk < chunk && n <= items; inChunk++, n++)
            {
                await writer.WriteLineAsync(LineReader.Line(n).AsMemory(), cancellationToken);
            }

            await writer.FlushAsync(cancellationToken);
            commit++;
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var position = string.Create(CultureInfo.InvariantCulture, $$"""{"lines.read":["long",{{n - 1}}]}""");
            if (both is not null)
            {
                Set(both.BatchCommands[0].Parameters, step.Version + commit - 1, commit, n - 1, DateTime.UtcNow);
                both.BatchCommands[1].Parameters[1].Value = position;
                both.Transaction = transaction;
                await using var reader = await both.ExecuteReaderAsync(cancellationToken);
                await ExpectRowAsync(reader, cancellationToken);
            }
            else
            {
                (version.Value, commits.Value, read.Value, written.Value, now.Value) = (step.Version + commit - 1, commit, (long)(n - 1), (long)(n - 1), DateTime.UtcNow);
                update.Transaction = transaction;
                await using (var reader = await update.ExecuteReaderAsync(cancellationToken))
                {
                    await ExpectRowAsync(reader, cancellationToken);
                }

                context.Value = position;
                upsert.Transaction = transaction;
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        step.Version += commit;
    }

    private static async Task ExpectRowAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException("The floor's UPDATE matched no row: its version is off.");
        }
    }

    private static void Set(DbParameterCollection parameters, long version, long commit, long position, DateTime now)
    {
        // In the order Add put them: @version, @commit, @read, @write, @now.
        parameters[0].Value = version;
        parameters[1].Value = commit;
        parameters[2].Value = position;
        parameters[3].Value = position;
        parameters[4].Value = now;
    }

    private static DbParameter Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private static DbBatchCommand Copy(DbBatch batch, DbCommand command)
    {
        var copy = batch.CreateBatchCommand();
        copy.CommandText = command.CommandText;
        foreach (DbParameter parameter in command.Parameters)
        {
            var p = copy.CreateParameter();
            p.ParameterName = parameter.ParameterName;
            p.DbType = parameter.DbType;
            p.Value = parameter.Value;
            copy.Parameters.Add(p);
        }

        return copy;
    }
}
