using Batch.Infrastructure.Repository.Mapping;
using Batch.Infrastructure.Repository.Model;
using Microsoft.EntityFrameworkCore;

namespace Batch.Infrastructure.Repository;

public sealed partial class RelationalJobRepository
{
    private static readonly string[] LiveStatuses = [BatchStatus.Starting.ToCode(), BatchStatus.Started.ToCode(), BatchStatus.Stopping.ToCode()];

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<string>> GetJobNamesAsync(CancellationToken cancellationToken)
    {
        await using var db = await CreateContextAsync(cancellationToken).ConfigureAwait(false);
        if (db is null)
        {
            return [];
        }

        var names = await db.JobInstances.Select(i => i.JobName).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false);
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<JobInstance>> GetJobInstancesAsync(string jobName, int start, int count, CancellationToken cancellationToken)
    {
        await using var db = await CreateContextAsync(cancellationToken).ConfigureAwait(false);
        if (db is null)
        {
            return [];
        }

        var rows = await db.JobInstances.Where(i => i.JobName == jobName).OrderByDescending(i => i.Id).Skip(start).Take(count)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(RowMapper.ToInstance)];
    }

    /// <inheritdoc />
    public async ValueTask<JobInstance?> GetJobInstanceAsync(long instanceId, CancellationToken cancellationToken)
    {
        await using var db = await CreateContextAsync(cancellationToken).ConfigureAwait(false);
        if (db is null)
        {
            return null;
        }

        var row = await db.JobInstances.FirstOrDefaultAsync(i => i.Id == instanceId, cancellationToken).ConfigureAwait(false);
        return row is null ? null : RowMapper.ToInstance(row);
    }

    /// <inheritdoc />
    public async ValueTask<JobInstance?> GetJobInstanceAsync(string jobName, JobParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var key = parameters.ToJobKey();
        await using var db = await CreateContextAsync(cancellationToken).ConfigureAwait(false);
        if (db is null)
        {
            return null;
        }

        var row = await db.JobInstances.FirstOrDefaultAsync(i => i.JobName == jobName && i.JobKey == key, cancellationToken).ConfigureAwait(false);
        return row is null ? null : RowMapper.ToInstance(row);
    }

    /// <inheritdoc />
    public async ValueTask<JobExecution?> GetJobExecutionAsync(long executionId, CancellationToken cancellationToken)
    {
        await using var db = await CreateContextAsync(cancellationToken).ConfigureAwait(false);
        if (db is null)
        {
            return null;
        }

        return await LoadJobExecutionAsync(db, executionId, withSteps: true, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<JobExecution>> GetJobExecutionsAsync(JobInstance instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        await using var db = await CreateContextAsync(cancellationToken).ConfigureAwait(false);
        if (db is null)
        {
            return [];
        }

        return await LoadJobExecutionsAsync(db, db.JobExecutions.Where(e => e.JobInstanceId == instance.Id), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<JobExecution?> GetLastJobExecutionAsync(JobInstance instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        await using var db = await CreateContextAsync(cancellationToken).ConfigureAwait(false);
        if (db is null)
        {
            return null;
        }

        var last = db.JobExecutions.Where(e => e.JobInstanceId == instance.Id).OrderByDescending(e => e.Id).Take(1);
        var executions = await LoadJobExecutionsAsync(db, last, cancellationToken).ConfigureAwait(false);
        return executions.Count == 0 ? null : executions[0];
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<JobExecution>> GetRunningJobExecutionsAsync(string jobName, CancellationToken cancellationToken)
    {
        await using var db = await CreateContextAsync(cancellationToken).ConfigureAwait(false);
        if (db is null)
        {
            return [];
        }

        var running =
            from e in db.JobExecutions
            join i in db.JobInstances on e.JobInstanceId equals i.Id
            where i.JobName == jobName && LiveStatuses.Contains(e.Status)
            select e;
        return await LoadJobExecutionsAsync(db, running, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads one execution with its instance, parameters and context (and its steps when asked).</summary>
    private static async ValueTask<JobExecution?> LoadJobExecutionAsync(BatchDbContext db, long executionId, bool withSteps, CancellationToken cancellationToken)
    {
        var executions = await LoadJobExecutionsAsync(db, db.JobExecutions.Where(e => e.Id == executionId), cancellationToken).ConfigureAwait(false);
        if (executions.Count == 0)
        {
            return null;
        }

        var execution = executions[0];
        if (withSteps)
        {
            var steps = await db.StepExecutions.Where(s => s.JobExecutionId == executionId).OrderBy(s => s.Id)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            var stepIds = steps.Select(s => s.Id).ToList();
            var contexts = await db.StepContexts.Where(c => stepIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken).ConfigureAwait(false);
            foreach (var step in steps)
            {
                execution.AddStepExecution(RowMapper.ToStepExecution(step, execution, contexts.GetValueOrDefault(step.Id)));
            }
        }

        return execution;
    }

    /// <summary>Loads executions (newest first) with their instances, parameters and contexts, in a fixed number of queries.</summary>
    private static async ValueTask<IReadOnlyList<JobExecution>> LoadJobExecutionsAsync(
        BatchDbContext db, IQueryable<JobExecutionRow> query, CancellationToken cancellationToken)
    {
        var rows = await query.OrderByDescending(e => e.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return [];
        }

        var ids = rows.Select(r => r.Id).ToList();
        var instanceIds = rows.Select(r => r.JobInstanceId).Distinct().ToList();
        var instances = await db.JobInstances.Where(i => instanceIds.Contains(i.Id))
            .ToDictionaryAsync(i => i.Id, RowMapper.ToInstance, cancellationToken).ConfigureAwait(false);
        var parameters = (await db.JobParameters.Where(p => ids.Contains(p.JobExecutionId)).ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToLookup(p => p.JobExecutionId);
        var contexts = await db.JobContexts.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => RowMapper.ToJobExecution(r, instances[r.JobInstanceId], RowMapper.ToParameters(parameters[r.Id]), contexts.GetValueOrDefault(r.Id)))];
    }
}
