namespace Batch.Infrastructure.Tests.Repository;

public sealed partial class JobRepositoryContractTests<TBackend>
{
    [Test]
    public async Task First_launch_creates_an_instance_and_a_STARTING_execution()
    {
        var execution = await LaunchAsync();

        execution.Id.Should().BePositive();
        execution.Status.Should().Be(BatchStatus.Starting);
        execution.JobInstance.JobName.Should().Be("job");
        execution.JobInstance.JobKey.Should().Be(Day.ToJobKey());
        (await _repository.GetJobInstanceAsync(execution.JobInstance.Id, CancellationToken.None)).Should().Be(execution.JobInstance);
        (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!.Status.Should().Be(BatchStatus.Starting);
    }

    [Test]
    public async Task An_execution_launched_with_a_start_time_read_before_the_repository_s_clock_never_starts_before_it_was_created()
    {
        // The launcher reads its clock before the repository reads its own (schema check, launch statements in between).
        var early = DateTimeOffset.UtcNow.AddMinutes(-5);
        var request = new JobLaunchRequest("job", Day) { StartTime = early };

        var first = await _repository.CreateJobExecutionAsync(request, CancellationToken.None);
        await EndAsync(first, BatchStatus.Failed);
        var second = await _repository.CreateJobExecutionAsync(request, CancellationToken.None);

        foreach (var execution in new[] { first, second })
        {
            var stored = (await _repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!;
            execution.StartTime.Should().NotBeNull().And.BeOnOrAfter(execution.CreateTime);
            stored.StartTime.Should().NotBeNull().And.BeOnOrAfter(stored.CreateTime);
        }

        second.Status.Should().Be(BatchStatus.Started);
    }

    [Test]
    public async Task Relaunch_with_the_same_identifying_parameters_reuses_the_instance()
    {
        var first = await LaunchAsync();
        await EndAsync(first, BatchStatus.Failed);

        var second = await LaunchAsync();

        second.JobInstance.Id.Should().Be(first.JobInstance.Id);
        second.Id.Should().BeGreaterThan(first.Id);
    }

    [Test]
    public async Task Non_identifying_parameters_do_not_change_the_instance_but_are_kept_with_the_execution()
    {
        var first = await LaunchAsync(parameters: new JobParametersBuilder(Day).AddString("note", "a", identifying: false).Build());
        await EndAsync(first, BatchStatus.Failed);

        var second = await LaunchAsync(parameters: new JobParametersBuilder(Day).AddString("note", "b", identifying: false).Build());

        second.JobInstance.Id.Should().Be(first.JobInstance.Id);
        (await _repository.GetJobExecutionAsync(second.Id, CancellationToken.None))!.JobParameters.GetString("note").Should().Be("b");
    }

    [Test]
    public async Task Other_identifying_parameters_make_another_instance()
    {
        var first = await LaunchAsync();
        var other = await LaunchAsync(parameters: new JobParametersBuilder().AddDate("date", new DateOnly(2026, 11, 23)).Build());

        other.JobInstance.Id.Should().NotBe(first.JobInstance.Id);
    }

    [Test]
    public async Task Launch_while_an_execution_is_live_is_refused_as_already_running()
    {
        var running = await LaunchAsync();

        var launch = async () => await LaunchAsync();

        (await launch.Should().ThrowAsync<JobExecutionAlreadyRunningException>())
            .WithMessage($"*already running as execution {running.Id}*");
    }

    [Test]
    public async Task Launch_of_a_completed_instance_is_refused_as_already_complete()
    {
        await EndAsync(await LaunchAsync(), BatchStatus.Completed);

        var launch = async () => await LaunchAsync();

        (await launch.Should().ThrowAsync<JobInstanceAlreadyCompleteException>()).WithMessage("*already completed*");
    }

    [Test]
    public async Task A_completed_instance_runs_again_when_the_job_allows_start_if_complete()
    {
        var first = await LaunchAsync();
        await EndAsync(first, BatchStatus.Completed);

        var again = await LaunchAsync(allowStartIfComplete: true);

        again.JobInstance.Id.Should().Be(first.JobInstance.Id);
    }

    [Test]
    public async Task A_job_that_is_not_restartable_refuses_a_second_execution_of_a_failed_instance()
    {
        await EndAsync(await LaunchAsync(restartable: false), BatchStatus.Failed);

        var launch = async () => await LaunchAsync(restartable: false);

        (await launch.Should().ThrowAsync<JobRestartException>()).WithMessage("*not restartable*");
    }

    [Test]
    public async Task An_instance_whose_last_execution_is_UNKNOWN_is_refused_until_an_operator_decides()
    {
        await EndAsync(await LaunchAsync(), BatchStatus.Unknown);

        var launch = async () => await LaunchAsync();

        (await launch.Should().ThrowAsync<JobRestartException>()).WithMessage("*UNKNOWN*");
    }

    [Test]
    public async Task A_restart_carries_the_job_context_of_the_last_execution()
    {
        var first = await LaunchAsync();
        first.ExecutionContext.Put("cursor", 42L);
        first.ExecutionContext.Put("file", "orders-2026-11-22.csv");
        await EndAsync(first, BatchStatus.Failed);

        var restart = await LaunchAsync();

        restart.ExecutionContext.GetLong("cursor").Should().Be(42);
        restart.ExecutionContext.GetString("file").Should().Be("orders-2026-11-22.csv");
        restart.ExecutionContext.IsDirty.Should().BeFalse();
        (await _repository.GetJobExecutionAsync(restart.Id, CancellationToken.None))!.ExecutionContext.GetLong("cursor").Should().Be(42);
    }

    [Test]
    public async Task Parameters_of_every_type_round_trip_exactly_with_their_identifying_flag()
    {
        var parameters = new JobParametersBuilder()
            .AddString("name", "ünïcode & = % text")
            .AddLong("count", long.MaxValue)
            .AddDouble("ratio", 0.1 + 0.2)
            .AddDecimal("amount", 12345678901234567.890123m)
            .AddDate("date", new DateOnly(2026, 2, 28))
            .AddDateTime("at", new DateTimeOffset(2026, 11, 22, 10, 30, 15, 123, TimeSpan.FromHours(9)))
            .AddBool("dry", true, identifying: false)
            .Build();

        var launched = await LaunchAsync(parameters: parameters);
        var stored = (await _repository.GetJobExecutionAsync(launched.Id, CancellationToken.None))!.JobParameters;

        stored.Should().Equal(parameters);
        stored.GetDateTime("at").Offset.Should().Be(TimeSpan.FromHours(9));
        stored.GetDecimal("amount").Should().Be(12345678901234567.890123m);
        stored["dry"].Identifying.Should().BeFalse();
        (await _repository.GetJobInstanceAsync("job", parameters, CancellationToken.None))!.Id.Should().Be(launched.JobInstance.Id);
    }
}
