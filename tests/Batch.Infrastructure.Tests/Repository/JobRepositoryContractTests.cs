using Batch.Infrastructure.Tests.Support;
using Batch.Repository;

namespace Batch.Infrastructure.Tests.Repository;

/// <summary>
/// The contract every job repository keeps, run against the in-memory, SQLite and PostgreSQL repositories
/// (guarantee 5 of the design: every backend behaves the same). Each test gets a fresh, empty store.
/// </summary>
[TestFixture(typeof(InMemoryBackend))]
[TestFixture(typeof(SqliteBackend))]
[TestFixture(typeof(PostgresBackend))]
public sealed partial class JobRepositoryContractTests<TBackend>
    where TBackend : RepositoryBackend, new()
{
    private static readonly JobParameters Day = new JobParametersBuilder().AddDate("date", new DateOnly(2026, 11, 22)).Build();
    private TBackend _backend = null!;
    private IJobRepository _repository = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _backend = new TBackend();
        _repository = await _backend.OpenAsync();
    }

    [TearDown]
    public async Task TearDownAsync() => await _backend.DisposeAsync();

    private ValueTask<JobExecution> LaunchAsync(string job = "job", JobParameters? parameters = null, bool restartable = true, bool allowStartIfComplete = false) =>
        _repository.CreateJobExecutionAsync(new JobLaunchRequest(job, parameters ?? Day, restartable, allowStartIfComplete), CancellationToken.None);

    private async Task EndAsync(JobExecution execution, BatchStatus status, DateTimeOffset? endTime = null)
    {
        execution.StartTime ??= DateTimeOffset.UtcNow;
        execution.Status = status;
        execution.ExitStatus = new ExitStatus(status.ToCode());
        execution.EndTime = endTime ?? DateTimeOffset.UtcNow;
        await _repository.UpdateJobExecutionAsync(execution, CancellationToken.None);
    }

    private async Task<StepExecution> AddStepAsync(JobExecution execution, string name = "step")
    {
        var step = execution.CreateStepExecution(name);
        await _repository.AddStepExecutionAsync(step, CancellationToken.None);
        return step;
    }
}
