using Batch.Infrastructure.Storage;

namespace Batch.Infrastructure.Tests.Storage;

public sealed class WorkbenchFolderTests
{
    private StorageSandbox _box = null!;
    private Workbench _workbench = null!;

    [SetUp]
    public void SetUp()
    {
        _box = new StorageSandbox();
        _workbench = new Workbench(_box.Folder(_box.WorkbenchRoot), keepOnFailure: true);
    }

    [TearDown]
    public void TearDown() => _box.Dispose();

    private static JobExecution Execution(string job, long id = 7)
    {
        var execution = new JobExecution(new JobInstance(1, job, "key"), JobParameters.Empty, DateTimeOffset.UnixEpoch);
        typeof(Entity).GetProperty(nameof(Entity.Id))!.SetValue(execution, id);
        return execution;
    }

    [Test]
    public void The_folder_of_an_execution_is_base_job_execution_id()
    {
        var folder = _workbench.For(Execution("import", 42));

        folder.Path.Should().Be(Path.Combine(_box.WorkbenchRoot, "import", "42"));
        Directory.Exists(folder.Path).Should().BeTrue();
        folder.GetPath("in/a.csv").Should().Be(Path.Combine(folder.Path, "in", "a.csv"));
        Directory.Exists(Path.Combine(folder.Path, "in")).Should().BeTrue("parent folders are created");
    }

    [TestCase("")]
    [TestCase("  ")]
    [TestCase("..")]
    [TestCase("../41/secret.txt")]
    [TestCase("../../../outside/precious.txt")]
    [TestCase("/")]
    [TestCase("/etc/passwd")]
    public void Paths_that_are_empty_rooted_or_climb_out_are_refused_naming_them(string path)
    {
        var folder = _workbench.For(Execution("import"));

        var act = () => folder.GetPath(path);

        act.Should().Throw<StoragePathException>().Which.RefusedPath.Should().Be(path);
    }

    [Test]
    public void A_link_in_the_workbench_that_points_outside_is_refused()
    {
        var folder = _workbench.For(Execution("import"));
        Directory.CreateSymbolicLink(Path.Combine(folder.Path, "out"), _box.Outside);

        var act = () => folder.CreateFile("out/precious.txt");

        act.Should().Throw<StoragePathException>().WithMessage("*symbolic link*");
        File.ReadAllText(_box.Precious).Should().Be("keep me");
    }

    [TestCase("..")]
    [TestCase("a/b")]
    [TestCase(".")]
    public void A_job_name_that_is_not_a_folder_name_is_refused(string job)
    {
        var act = () => _workbench.For(Execution(job));

        act.Should().Throw<StoragePathException>().WithMessage($"*'{job}'*");
    }

    [Test]
    public void Removing_an_execution_folder_leaves_the_others_and_what_links_point_to()
    {
        var mine = _workbench.For(Execution("import", 1));
        var other = _workbench.For(Execution("import", 2));
        File.CreateSymbolicLink(Path.Combine(mine.Path, "precious"), _box.Precious);

        _workbench.Remove("import", 1, CancellationToken.None).Should().BeTrue();

        Directory.Exists(mine.Path).Should().BeFalse();
        Directory.Exists(other.Path).Should().BeTrue();
        File.Exists(_box.Precious).Should().BeTrue();
    }
}
