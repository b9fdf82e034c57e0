using Batch.Jobs;
using Batch.Launch;
using Batch.Repository;

namespace Batch.Core.Tests.Support;

/// <summary>A fresh in-memory repository and launcher for every test.</summary>
public abstract class LauncherFixture
{
    protected InMemoryJobRepository Repository { get; private set; } = null!;

    protected JobLauncher Launcher { get; private set; } = null!;

    [SetUp]
    public void CreateLauncher()
    {
        Repository = new InMemoryJobRepository();
        Launcher = new JobLauncher(Repository);
    }

    /// <summary>Runs a job with the given parameters (none by default).</summary>
    protected Task<JobExecution> RunAsync(IJob job, string? parameters = null) =>
        Launcher.RunAsync(job, JobParameters.Parse(parameters), CancellationToken.None);
}

/// <summary>A launcher fixture with a fresh <see cref="StepLog"/> for every test.</summary>
public abstract class StepLogFixture : LauncherFixture
{
    internal StepLog Log { get; private set; } = null!;

    [SetUp]
    public void CreateLog() => Log = new StepLog();
}
