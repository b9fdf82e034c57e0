using Batch.Infrastructure.Storage;
using Batch.Jobs;
using Batch.Launch;
using Batch.Steps;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Batch.Infrastructure.Tests.Storage;

public sealed class WorkbenchJobTests
{
    private StorageSandbox _box = null!;

    [SetUp]
    public void SetUp() => _box = new StorageSandbox();

    [TearDown]
    public void TearDown() => _box.Dispose();

    [Test]
    public async Task A_completed_execution_works_in_its_own_folder_which_is_removed_when_the_job_ends()
    {
        string? seen = null;
        var step = new StepBuilder("work").Tasklet(async (ctx, ct) =>
        {
            var bench = ctx.Step.Workbench();
            seen = bench.Path;
            await File.WriteAllTextAsync(bench.GetPath("in/work.csv"), "x", ct);
            return RepeatStatus.Finished;
        }).Build();
        await using var services = Services(new JobBuilder("import").Start(step).Build());

        var execution = await services.GetRequiredService<IJobOperator>().StartAsync("import", "date=1", CancellationToken.None);

        execution.Status.Should().Be(BatchStatus.Completed);
        seen.Should().Be(Path.Combine(_box.WorkbenchRoot, "import", execution.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Directory.Exists(seen).Should().BeFalse();
    }

    [Test]
    public async Task A_failed_execution_keeps_its_folder_and_the_restart_takes_it_over_with_its_files()
    {
        var fail = true;
        var folders = new List<string>();
        var seenOnRestart = new List<string>();
        var step = new StepBuilder("work").Tasklet(async (ctx, ct) =>
        {
            var bench = ctx.Step.Workbench();
            folders.Add(bench.Path);
            if (!fail)
            {
                seenOnRestart.AddRange(Directory.EnumerateFiles(bench.Path).Select(Path.GetFileName)!);
            }

            await File.WriteAllTextAsync(bench.GetPath("partial.csv"), "x", ct);
            return fail ? throw new InvalidOperationException("boom") : RepeatStatus.Finished;
        }).Build();
        await using var services = Services(new JobBuilder("import").Start(step).Build());
        var jobs = services.GetRequiredService<IJobOperator>();

        var failed = await jobs.StartAsync("import", "date=1", CancellationToken.None);
        failed.Status.Should().Be(BatchStatus.Failed);
        File.Exists(Path.Combine(folders[0], "partial.csv")).Should().BeTrue("the folder of a failed execution is kept for diagnosis");

        fail = false;
        var restarted = await jobs.RestartAsync(failed.Id, CancellationToken.None);

        restarted.Status.Should().Be(BatchStatus.Completed);
        folders.Should().HaveCount(2).And.OnlyHaveUniqueItems();
        seenOnRestart.Should().Equal(["partial.csv"], "the restart's folder is the failed execution's, taken over");
        Directory.Exists(folders[0]).Should().BeFalse("the earlier execution's folder became the restart's");
        Directory.Exists(folders[1]).Should().BeFalse("a completed execution's folder is removed");
    }

    [Test]
    public async Task A_restart_whose_first_step_completed_finds_the_file_it_left_in_the_workbench_for_the_second()
    {
        var failProcessing = true;
        var download = new StepBuilder("download").Tasklet(async (ctx, ct) =>
        {
            await File.WriteAllTextAsync(ctx.Step.Workbench().GetPath("in/data.csv"), "1,2,3", ct);
            return RepeatStatus.Finished;
        }).Build();
        string? processed = null;
        var process = new StepBuilder("process").Tasklet(async (ctx, ct) =>
        {
            processed = await File.ReadAllTextAsync(ctx.Step.Workbench().GetPath("in/data.csv"), ct);
            return failProcessing ? throw new InvalidOperationException("the database went away") : RepeatStatus.Finished;
        }).Build();
        await using var services = Services(new JobBuilder("bench").Start(download).Next(process).Build());
        var jobs = services.GetRequiredService<IJobOperator>();
        var failed = await jobs.StartAsync("bench", "d=1", CancellationToken.None);
        failed.Status.Should().Be(BatchStatus.Failed);

        failProcessing = false;
        processed = null;
        var restarted = await jobs.RestartAsync(failed.Id, CancellationToken.None);

        restarted.Status.Should().Be(BatchStatus.Completed, string.Join(" | ", restarted.StepExecutions.SelectMany(e => e.FailureExceptions).Select(e => e.Message)));
        restarted.StepExecutions.Select(e => e.StepName).Should().Equal(["process"], "download had completed");
        processed.Should().Be("1,2,3");
    }

    [Test]
    public async Task A_second_restart_takes_over_the_latest_folder_and_removes_the_older_ones()
    {
        var runs = 0;
        var step = new StepBuilder("work").Tasklet(async (ctx, ct) =>
        {
            runs++;
            var bench = ctx.Step.Workbench();
            await File.AppendAllTextAsync(bench.GetPath("log.txt"), runs.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
            return runs < 3 ? throw new InvalidOperationException("boom") : RepeatStatus.Finished;
        }).Build();
        await using var services = Services(new JobBuilder("import").Start(step).Build());
        var jobs = services.GetRequiredService<IJobOperator>();
        var first = await jobs.StartAsync("import", "date=1", CancellationToken.None);
        var second = await jobs.RestartAsync(first.Id, CancellationToken.None);
        second.Status.Should().Be(BatchStatus.Failed);
        File.ReadAllText(Path.Combine(_box.WorkbenchRoot, "import", Id(second), "log.txt")).Should().Be("12");
        Directory.Exists(Path.Combine(_box.WorkbenchRoot, "import", Id(first))).Should().BeFalse();

        var third = await jobs.RestartAsync(second.Id, CancellationToken.None);

        third.Status.Should().Be(BatchStatus.Completed);
        Directory.EnumerateDirectories(Path.Combine(_box.WorkbenchRoot, "import")).Should().BeEmpty();
    }

    private static string Id(JobExecution execution) => execution.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Test]
    public async Task Cleaning_removes_folders_left_by_executions_that_are_not_running_and_keeps_the_rest()
    {
        var step = new StepBuilder("work").Tasklet((ctx, ct) => throw new InvalidOperationException("boom")).Build();
        await using var services = Services(new JobBuilder("import").Start(step).Build());
        var failed = await services.GetRequiredService<IJobOperator>().StartAsync("import", "date=1", CancellationToken.None);
        var left = Path.Combine(_box.WorkbenchRoot, "import", failed.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.Exists(left).Should().BeTrue();
        var notAnExecution = Directory.CreateDirectory(Path.Combine(_box.WorkbenchRoot, "import", "notes")).FullName;
        var workbench = services.GetRequiredService<Workbench>();

        var removed = await workbench.RemoveLeftoversAsync(services.GetRequiredService<IJobExplorer>(), TimeSpan.Zero, CancellationToken.None);

        removed.Should().Equal(Path.Combine("import", failed.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Directory.Exists(left).Should().BeFalse();
        Directory.Exists(notAnExecution).Should().BeTrue();
    }

    [Test]
    public async Task The_empty_trash_tasklet_runs_as_a_step_and_records_what_it_deleted()
    {
        var file = Path.Combine(_box.WorkbenchRoot, "old.txt");
        await File.WriteAllTextAsync(file, "x");
        await using var services = Services(sp => new JobBuilder("empty-trash")
            .Start(new StepBuilder("empty").Tasklet(new EmptyTrashTasklet(sp.GetRequiredService<Trash>())).Build()).Build());
        services.GetRequiredService<Trash>().ThrowAway(file, retentionDays: 0);

        var execution = await services.GetRequiredService<IJobOperator>().StartAsync("empty-trash", "run=1", CancellationToken.None);

        execution.Status.Should().Be(BatchStatus.Completed);
        execution.StepExecutions.Single().ExecutionContext.GetLong(EmptyTrashTasklet.DeletedKey).Should().Be(1);
        Directory.GetFileSystemEntries(_box.TrashRoot).Should().BeEmpty();
    }

    [Test]
    public async Task A_configuration_without_a_workbench_folder_fails_validation_naming_the_key()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Batch:Files:Warehouse"] = _box.WarehouseRoot,
            ["Batch:Files:Trash"] = _box.TrashRoot,
        }).Build().GetSection("Batch:Files");
        await using var services = new ServiceCollection().AddBatch(b => b.UseFileStorage(section)).BuildServiceProvider();

        var act = () => services.GetRequiredService<IOptions<FileStorageOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().WithMessage("*Batch:Files:Workbench*");
    }

    [Test]
    public async Task A_configured_root_folder_fails_validation()
    {
        var options = _box.Options;
        options.TrashFolder = "/";
        await using var services = new ServiceCollection().AddBatch(b => b.UseFileStorage(o => Copy(options, o))).BuildServiceProvider();

        var act = () => services.GetRequiredService<Trash>();

        act.Should().Throw<OptionsValidationException>().WithMessage("*trash base folder '/'*root of the file system*");
    }

    [Test]
    public async Task A_warehouse_inside_the_workbench_fails_validation()
    {
        var options = _box.Options;
        options.WarehouseFolder = Path.Combine(_box.WorkbenchRoot, "keep");
        await using var services = new ServiceCollection().AddBatch(b => b.UseFileStorage(o => Copy(options, o))).BuildServiceProvider();

        var act = () => services.GetRequiredService<Warehouse>();

        act.Should().Throw<OptionsValidationException>().WithMessage(
            $"*workbench folder '{_box.WorkbenchRoot}' (Batch:Files:Workbench, or WorkbenchFolder in code) and the warehouse folder '{options.WarehouseFolder}' (Batch:Files:Warehouse, or WarehouseFolder in code) overlap*");
    }

    [Test]
    public async Task A_workbench_that_is_a_link_to_the_warehouse_fails_validation_naming_both_keys_and_where_the_link_leads()
    {
        var options = _box.Options;
        var link = Path.Combine(Path.GetDirectoryName(_box.WorkbenchRoot)!, "bench-link");
        Directory.CreateSymbolicLink(link, _box.WarehouseRoot);
        options.WorkbenchFolder = link;
        await using var services = new ServiceCollection().AddBatch(b => b.UseFileStorage(o => Copy(options, o))).BuildServiceProvider();

        var act = () => services.GetRequiredService<Warehouse>();

        act.Should().Throw<OptionsValidationException>().WithMessage(
            $"*workbench folder '{link}' (Batch:Files:Workbench, or WorkbenchFolder in code; '{_box.WarehouseRoot}' with its links resolved) and the warehouse folder*overlap*");
    }

    [Test]
    public async Task Folders_and_retention_are_read_from_configuration()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Files:Workbench"] = _box.WorkbenchRoot,
            ["Files:Warehouse"] = _box.WarehouseRoot,
            ["Files:Trash"] = _box.TrashRoot,
            ["Files:WarehouseRetentionDays"] = "7",
            ["Files:TrashRetentionDays"] = "3",
        }).Build().GetSection("Files");
        await using var services = new ServiceCollection().AddBatch(b => b.UseFileStorage(section)).BuildServiceProvider();

        services.GetRequiredService<Warehouse>().Retention.Should().Be(TimeSpan.FromDays(7));
        services.GetRequiredService<Trash>().RetentionDays.Should().Be(3);
        services.GetRequiredService<Workbench>().BaseFolder.Should().Be(_box.WorkbenchRoot);
    }

    [Test]
    public async Task An_unknown_configuration_key_is_refused()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Files:Workbench"] = _box.WorkbenchRoot,
            ["Files:Warehouse"] = _box.WarehouseRoot,
            ["Files:Trash"] = _box.TrashRoot,
            ["Files:Trsh"] = "x",
        }).Build().GetSection("Files");
        await using var services = new ServiceCollection().AddBatch(b => b.UseFileStorage(section)).BuildServiceProvider();

        var act = () => services.GetRequiredService<Trash>();

        act.Should().Throw<InvalidOperationException>().WithMessage("*Files:Trsh*");
    }

    private ServiceProvider Services(IJob job) => Services(_ => job);

    private ServiceProvider Services(Func<IServiceProvider, IJob> job)
    {
        var options = _box.Options;
        return new ServiceCollection()
            .AddBatch(b => b.UseFileStorage(o => Copy(options, o)).AddJob(job))
            .BuildServiceProvider();
    }

    private static void Copy(FileStorageOptions from, FileStorageOptions to)
    {
        to.WorkbenchFolder = from.WorkbenchFolder;
        to.WarehouseFolder = from.WarehouseFolder;
        to.TrashFolder = from.TrashFolder;
    }
}
