using System.Data;
using System.Data.Common;
using Batch.Items;
using Batch.Repository;

namespace Batch.Core.Tests.Support;

/// <summary>
/// A stand-in for a database the job repository shares with a writer: rows written through a chunk's
/// transaction become visible only when it commits, and savepoints undo part of a transaction.
/// </summary>
internal sealed class TransactionalStore
{
    private readonly List<int> _rows = [];

    public IReadOnlyList<int> Rows => _rows;

    public List<string> SavepointCalls { get; } = [];

    /// <summary>A repository whose chunk transactions are transactions of this store.</summary>
    public IJobRepository Wrap(InMemoryJobRepository repository) => new Repository(repository, this);

    /// <summary>A writer that inserts row by row through the chunk's transaction, failing at a poisoned item after inserting the ones before it.</summary>
    public sealed class RowWriter(ISet<int> poisoned) : IItemWriter<int>
    {
        public ValueTask WriteAsync(Chunk<int> chunk, CancellationToken cancellationToken)
        {
            var transaction = (Transaction)chunk.Transaction!.Transaction!;
            foreach (var item in chunk)
            {
                if (poisoned.Contains(item))
                {
                    throw new PoisonedItemException(item);
                }

                transaction.Pending.Add(item);
            }

            return ValueTask.CompletedTask;
        }
    }

    internal sealed class Transaction(TransactionalStore store) : DbTransaction
    {
        private readonly Stack<int> _savepoints = new();

        public List<int> Pending { get; } = [];

        public override IsolationLevel IsolationLevel => IsolationLevel.ReadCommitted;

        public override bool SupportsSavepoints => true;

        protected override DbConnection? DbConnection => null;

        public override void Commit() => store._rows.AddRange(Pending);

        public override void Rollback() => Pending.Clear();

        public override void Save(string savepointName)
        {
            store.SavepointCalls.Add("save");
            _savepoints.Push(Pending.Count);
        }

        public override void Rollback(string savepointName)
        {
            store.SavepointCalls.Add("rollback");
            Pending.RemoveRange(_savepoints.Peek(), Pending.Count - _savepoints.Peek());
        }

        public override void Release(string savepointName)
        {
            store.SavepointCalls.Add("release");
            _savepoints.Pop();
        }
    }

    private sealed class ChunkTransaction(IChunkTransaction checkpoint, Transaction transaction) : IChunkTransaction
    {
        public DbConnection? Connection => null;

        public DbTransaction? Transaction => transaction;

        public async ValueTask CommitAsync(CancellationToken cancellationToken)
        {
            await checkpoint.CommitAsync(cancellationToken);
            transaction.Commit();
        }

        public ValueTask RollbackAsync(CancellationToken cancellationToken)
        {
            transaction.Rollback();
            return checkpoint.RollbackAsync(cancellationToken);
        }

        public ValueTask DisposeAsync() => checkpoint.DisposeAsync();
    }

    /// <summary>The in-memory repository, with chunk transactions that are also store transactions.</summary>
    private sealed class Repository(InMemoryJobRepository inner, TransactionalStore store) : IJobRepository
    {
        public async ValueTask<IChunkTransaction> BeginChunkAsync(StepExecution stepExecution, CancellationToken cancellationToken) =>
            new ChunkTransaction(await inner.BeginChunkAsync(stepExecution, cancellationToken), new Transaction(store));

        public ValueTask<JobExecution> CreateJobExecutionAsync(JobLaunchRequest request, CancellationToken cancellationToken) => inner.CreateJobExecutionAsync(request, cancellationToken);

        public ValueTask UpdateJobExecutionAsync(JobExecution jobExecution, CancellationToken cancellationToken) => inner.UpdateJobExecutionAsync(jobExecution, cancellationToken);

        public ValueTask SynchronizeStatusAsync(JobExecution jobExecution, CancellationToken cancellationToken) => inner.SynchronizeStatusAsync(jobExecution, cancellationToken);

        public ValueTask<StepHistory> GetStepHistoryAsync(JobInstance instance, string stepName, CancellationToken cancellationToken) => inner.GetStepHistoryAsync(instance, stepName, cancellationToken);

        public ValueTask AddStepExecutionAsync(StepExecution stepExecution, CancellationToken cancellationToken) => inner.AddStepExecutionAsync(stepExecution, cancellationToken);

        public ValueTask UpdateStepExecutionAsync(StepExecution stepExecution, CancellationToken cancellationToken) => inner.UpdateStepExecutionAsync(stepExecution, cancellationToken);

        public ValueTask<DeletedHistory> DeleteJobInstancesEndedBeforeAsync(DateTimeOffset endedBefore, bool includeRestartable, CancellationToken cancellationToken) =>
            inner.DeleteJobInstancesEndedBeforeAsync(endedBefore, includeRestartable, cancellationToken);

        public ValueTask<bool> EndSilentJobExecutionAsync(JobExecution jobExecution, IReadOnlyCollection<StepExecution> steps, DateTimeOffset silentSince, CancellationToken cancellationToken) =>
            inner.EndSilentJobExecutionAsync(jobExecution, steps, silentSince, cancellationToken);

        public ValueTask<IReadOnlyList<string>> GetJobNamesAsync(CancellationToken cancellationToken) => inner.GetJobNamesAsync(cancellationToken);

        public ValueTask<IReadOnlyList<JobInstance>> GetJobInstancesAsync(string jobName, int start, int count, CancellationToken cancellationToken) => inner.GetJobInstancesAsync(jobName, start, count, cancellationToken);

        public ValueTask<JobInstance?> GetJobInstanceAsync(long instanceId, CancellationToken cancellationToken) => inner.GetJobInstanceAsync(instanceId, cancellationToken);

        public ValueTask<JobInstance?> GetJobInstanceAsync(string jobName, JobParameters parameters, CancellationToken cancellationToken) => inner.GetJobInstanceAsync(jobName, parameters, cancellationToken);

        public ValueTask<JobExecution?> GetJobExecutionAsync(long executionId, CancellationToken cancellationToken) => inner.GetJobExecutionAsync(executionId, cancellationToken);

        public ValueTask<IReadOnlyList<JobExecution>> GetJobExecutionsAsync(JobInstance instance, CancellationToken cancellationToken) => inner.GetJobExecutionsAsync(instance, cancellationToken);

        public ValueTask<JobExecution?> GetLastJobExecutionAsync(JobInstance instance, CancellationToken cancellationToken) => inner.GetLastJobExecutionAsync(instance, cancellationToken);

        public ValueTask<IReadOnlyList<JobExecution>> GetRunningJobExecutionsAsync(string jobName, CancellationToken cancellationToken) => inner.GetRunningJobExecutionsAsync(jobName, cancellationToken);
    }
}
