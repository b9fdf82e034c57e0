using Batch.Core.Tests.Support;
using Batch.Faults;
using Batch.Jobs;
using Batch.Launch;
using Batch.Repository;
using Batch.Steps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Batch.Core.Tests.Faults;

public class LogChannelTests
{
    [Test]
    public async Task A_business_failure_goes_to_the_recovery_channel_in_plain_words_with_its_recovery_steps()
    {
        var logs = new LogCapture();
        var job = Failing("import-sales", new BusinessException(
            "The sales file from XXX did not arrive by 03:00.",
            "If /home/xxx/sales/20151111.md5 exists by 05:00, restart the job.",
            "Otherwise call route A."));

        await new JobLauncher(new InMemoryJobRepository(), loggerFactory: logs).RunAsync(job, JobParameters.Empty, CancellationToken.None);

        var entry = logs.In(BatchLogCategories.Recovery).Should().ContainSingle().Subject;
        entry.Level.Should().Be(LogLevel.Error);
        entry.Exception.Should().BeNull("operators get plain words, not stack traces");
        entry.Message.Should().Contain("Step 'check' of job 'import-sales'")
            .And.Contain("did not arrive by 03:00")
            .And.Contain("1. If /home/xxx/sales/20151111.md5 exists by 05:00, restart the job.")
            .And.Contain("2. Otherwise call route A.");
        logs.In(BatchLogCategories.Exception).Should().BeEmpty();
    }

    [Test]
    public async Task A_system_failure_goes_to_the_exception_channel_with_its_stack_trace()
    {
        var logs = new LogCapture();
        var job = Failing("import-sales", new InvalidOperationException("The configuration file is missing."));

        await new JobLauncher(new InMemoryJobRepository(), loggerFactory: logs).RunAsync(job, JobParameters.Empty, CancellationToken.None);

        var entry = logs.In(BatchLogCategories.Exception).Should().ContainSingle().Subject;
        entry.Exception.Should().BeOfType<InvalidOperationException>().Which.StackTrace.Should().NotBeNullOrEmpty();
        logs.In(BatchLogCategories.Recovery).Should().BeEmpty();
    }

    [Test]
    public async Task Skipped_records_are_logged_to_the_recovery_channel_with_their_position()
    {
        var logs = new LogCapture();
        var job = ChunkJobs.Numbers(new NumberReader(20) { Malformed = { 7 } }, new AtomicWriter(), faultTolerance: ft => ft);

        await new JobLauncher(new InMemoryJobRepository(), loggerFactory: logs).RunAsync(job, JobParameters.Empty, CancellationToken.None);

        logs.In(BatchLogCategories.Recovery).Should().ContainSingle()
            .Which.Message.Should().Contain("skipped the record at line 7").And.Contain("Correct the record at line 7");
    }

    [Test]
    public async Task A_classifier_registered_in_the_services_replaces_the_default()
    {
        var logs = new LogCapture();
        var services = new ServiceCollection().AddSingleton<IExceptionClassifier>(new EverythingIsBusiness()).BuildServiceProvider();
        var job = Failing("import-sales", new InvalidOperationException("Counted as business here."));

        await new JobLauncher(new InMemoryJobRepository(), loggerFactory: logs, services: services).RunAsync(job, JobParameters.Empty, CancellationToken.None);

        logs.In(BatchLogCategories.Recovery).Should().ContainSingle().Which.Message.Should().Contain("Counted as business here.");
    }

    private static SimpleJob Failing(string name, Exception exception) =>
        new JobBuilder(name).Start(new StepBuilder("check").Tasklet((_, _) => throw exception).Build()).Build();

    private sealed class EverythingIsBusiness : IExceptionClassifier
    {
        public ExceptionCategory Classify(Exception exception) => ExceptionCategory.Business;
    }
}
