using Microsoft.Extensions.DependencyInjection;
using Batch.Dashboard.Tests.Support;
using Batch.Launch;
using Microsoft.Data.Sqlite;

namespace Batch.Dashboard.Tests;

/// <summary>IJobExplorer.FindJobExecutionsAsync, the dashboard's paged query across jobs: the same answers in memory and on SQLite.</summary>
[TestFixture("memory")]
[TestFixture("sqlite")]
public sealed class FindJobExecutionsTests(string backend)
{
    private IJobRepository _repository = null!;
    private string? _file;
    private Microsoft.Extensions.DependencyInjection.ServiceProvider? _services;
    private readonly List<JobExecution> _runs = [];

    [SetUp]
    public async Task FillAsync()
    {
        _runs.Clear();
        if (backend == "sqlite")
        {
            _file = Path.Combine(Path.GetTempPath(), $"dashboard-find-{Guid.NewGuid():N}.db");
            _services = ((IServiceCollection)new ServiceCollection()).AddBatch(batch => batch.UseSqlite(_file)).BuildServiceProvider();
            _repository = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IJobRepository>(_services);
        }
        else
        {
            _repository = new InMemoryJobRepository();
        }

        var launcher = new JobLauncher(_repository);
        var quick = TestJobs.CreateQuick();
        var failing = FailingJob.Create();
        for (var i = 0; i < 7; i++)
        {
            var job = i % 3 == 2 ? failing : quick;
            _runs.Add(await launcher.RunAsync(job, new JobParametersBuilder().AddLong("run", i).AddString("tag", $"t{i}").Build(), CancellationToken.None));
        }
    }

    [TearDown]
    public async Task CleanAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        if (_file is not null)
        {
            File.Delete(_file);
        }
    }

    [Test]
    public async Task Every_job_newest_first_in_pages()
    {
        var all = await _repository.FindJobExecutionsAsync(JobExecutionQuery.All, 0, 100, CancellationToken.None);
        all.Select(e => e.Id).Should().Equal(_runs.Select(e => e.Id).Reverse());
        var page = await _repository.FindJobExecutionsAsync(JobExecutionQuery.All, 2, 3, CancellationToken.None);
        page.Select(e => e.Id).Should().Equal(_runs.Select(e => e.Id).Reverse().Skip(2).Take(3));
        page[0].JobParameters.GetString("tag").Should().Be($"t{_runs.Count - 3}");
        page[0].StepExecutions.Should().BeEmpty();
        (await _repository.FindJobExecutionsAsync(JobExecutionQuery.All, 7, 3, CancellationToken.None)).Should().BeEmpty();
        (await _repository.FindJobExecutionsAsync(JobExecutionQuery.All, 0, 0, CancellationToken.None)).Should().BeEmpty();
    }

    [Test]
    public async Task One_job_or_one_status_or_both()
    {
        var quick = await _repository.FindJobExecutionsAsync(new JobExecutionQuery { JobName = TestJobs.Quick }, 0, 100, CancellationToken.None);
        quick.Select(e => e.Id).Should().Equal(_runs.Where(e => e.JobName == TestJobs.Quick).Select(e => e.Id).Reverse());
        var failed = await _repository.FindJobExecutionsAsync(new JobExecutionQuery { Status = BatchStatus.Failed }, 0, 100, CancellationToken.None);
        failed.Select(e => e.Id).Should().Equal(_runs.Where(e => e.Status == BatchStatus.Failed).Select(e => e.Id).Reverse());
        failed.Should().OnlyContain(e => e.JobName == FailingJob.Name);
        var second = await _repository.FindJobExecutionsAsync(new JobExecutionQuery { JobName = TestJobs.Quick, Status = BatchStatus.Completed }, 1, 2, CancellationToken.None);
        second.Select(e => e.Id).Should().Equal(_runs.Where(e => e.JobName == TestJobs.Quick).Select(e => e.Id).Reverse().Skip(1).Take(2));
        (await _repository.FindJobExecutionsAsync(new JobExecutionQuery { JobName = TestJobs.Quick, Status = BatchStatus.Failed }, 0, 10, CancellationToken.None)).Should().BeEmpty();
        (await _repository.FindJobExecutionsAsync(new JobExecutionQuery { JobName = "none" }, 0, 10, CancellationToken.None)).Should().BeEmpty();
    }

    [Test]
    public async Task The_interfaces_default_for_other_repositories_gives_the_same_answers()
    {
        IJobExplorer plain = new ExplorerWithoutTheQuery(_repository);
        foreach (var query in new[] { JobExecutionQuery.All, new JobExecutionQuery { JobName = TestJobs.Quick }, new JobExecutionQuery { Status = BatchStatus.Failed } })
        {
            var expected = await _repository.FindJobExecutionsAsync(query, 1, 3, CancellationToken.None);
            (await plain.FindJobExecutionsAsync(query, 1, 3, CancellationToken.None)).Select(e => e.Id).Should().Equal(expected.Select(e => e.Id));
        }
    }

    /// <summary>An explorer that only forwards the older reads, so the interface's default implementation answers the query.</summary>
    private sealed class ExplorerWithoutTheQuery(IJobExplorer inner) : IJobExplorer
    {
        public ValueTask<IReadOnlyList<string>> GetJobNamesAsync(CancellationToken cancellationToken) => inner.GetJobNamesAsync(cancellationToken);

        public ValueTask<IReadOnlyList<JobInstance>> GetJobInstancesAsync(string jobName, int start, int count, CancellationToken cancellationToken) =>
            inner.GetJobInstancesAsync(jobName, start, count, cancellationToken);

        public ValueTask<JobInstance?> GetJobInstanceAsync(long instanceId, CancellationToken cancellationToken) => inner.GetJobInstanceAsync(instanceId, cancellationToken);

        public ValueTask<JobInstance?> GetJobInstanceAsync(string jobName, JobParameters parameters, CancellationToken cancellationToken) =>
            inner.GetJobInstanceAsync(jobName, parameters, cancellationToken);

        public ValueTask<JobExecution?> GetJobExecutionAsync(long executionId, CancellationToken cancellationToken) => inner.GetJobExecutionAsync(executionId, cancellationToken);

        public ValueTask<IReadOnlyList<JobExecution>> GetJobExecutionsAsync(JobInstance instance, CancellationToken cancellationToken) =>
            inner.GetJobExecutionsAsync(instance, cancellationToken);

        public ValueTask<JobExecution?> GetLastJobExecutionAsync(JobInstance instance, CancellationToken cancellationToken) =>
            inner.GetLastJobExecutionAsync(instance, cancellationToken);

        public ValueTask<IReadOnlyList<JobExecution>> GetRunningJobExecutionsAsync(string jobName, CancellationToken cancellationToken) =>
            inner.GetRunningJobExecutionsAsync(jobName, cancellationToken);
    }
}
