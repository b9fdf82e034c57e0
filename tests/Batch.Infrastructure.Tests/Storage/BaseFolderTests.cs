using Batch.Infrastructure.Storage;

namespace Batch.Infrastructure.Tests.Storage;

public sealed class BaseFolderTests
{
    private StorageSandbox _box = null!;

    [SetUp]
    public void SetUp() => _box = new StorageSandbox();

    [TearDown]
    public void TearDown() => _box.Dispose();

    [TestCase("/")]
    [TestCase("//")]
    [TestCase("/..")]
    public void A_base_folder_at_the_root_of_the_file_system_is_refused(string root)
    {
        var act = () => new BaseFolder(root, "workbench", "Batch:Files:Workbench");

        act.Should().Throw<StoragePathException>().WithMessage("*root of the file system*").Which.RefusedPath.Should().Be(root);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void A_missing_base_folder_is_refused_naming_its_configuration_key(string? root)
    {
        var act = () => new BaseFolder(root, "trash", "Batch:Files:Trash");

        act.Should().Throw<StoragePathException>().WithMessage("*not configured (Batch:Files:Trash*");
    }

    [Test]
    public void A_relative_base_folder_is_refused()
    {
        var act = () => new BaseFolder("work", "workbench", "Batch:Files:Workbench");

        act.Should().Throw<StoragePathException>().WithMessage("*'work'*relative*");
    }

    [Test]
    public void A_base_folder_that_is_a_link_to_the_root_is_refused()
    {
        var link = Path.Combine(_box.Root, "to-root");
        Directory.CreateSymbolicLink(link, "/");

        var act = () => new BaseFolder(link, "workbench", "Batch:Files:Workbench");

        act.Should().Throw<StoragePathException>().WithMessage("*resolves to the root*");
    }

    [TestCase("")]
    [TestCase(" ")]
    public void An_empty_path_is_refused(string path)
    {
        var act = () => _box.Folder(_box.WorkbenchRoot).Resolve(path);

        act.Should().Throw<StoragePathException>().WithMessage("*empty path*");
    }

    [TestCase("../outside/precious.txt")]
    [TestCase("a/../../outside")]
    [TestCase("..")]
    [TestCase("a\\..\\..\\x")]
    public void A_path_that_climbs_with_dot_dot_is_refused_naming_it(string path)
    {
        var act = () => _box.Folder(_box.WorkbenchRoot).Resolve(path);

        act.Should().Throw<StoragePathException>().WithMessage($"*'{path}'*..*").Which.RefusedPath.Should().Be(path);
    }

    [Test]
    public void A_rooted_path_is_refused()
    {
        var act = () => _box.Folder(_box.WorkbenchRoot).Resolve(_box.Precious);

        act.Should().Throw<StoragePathException>().WithMessage($"*'{_box.Precious}'*rooted*");
    }

    [Test]
    public void A_path_through_a_link_that_points_outside_is_refused()
    {
        Directory.CreateSymbolicLink(Path.Combine(_box.WorkbenchRoot, "escape"), _box.Outside);

        var act = () => _box.Folder(_box.WorkbenchRoot).Resolve("escape/precious.txt");

        act.Should().Throw<StoragePathException>().WithMessage("*escape/precious.txt*symbolic link*");
    }

    [Test]
    public void A_file_link_that_points_outside_is_refused()
    {
        File.CreateSymbolicLink(Path.Combine(_box.WorkbenchRoot, "file-link"), _box.Precious);

        var act = () => _box.Folder(_box.WorkbenchRoot).Resolve("file-link");

        act.Should().Throw<StoragePathException>().WithMessage("*symbolic link*");
    }

    [Test]
    public void A_chain_of_relative_links_that_ends_outside_is_refused()
    {
        Directory.CreateDirectory(Path.Combine(_box.WorkbenchRoot, "a"));
        Directory.CreateSymbolicLink(Path.Combine(_box.WorkbenchRoot, "a", "up"), "..");
        Directory.CreateSymbolicLink(Path.Combine(_box.WorkbenchRoot, "hop"), "a/up/a/up/..");

        var act = () => _box.Folder(_box.WorkbenchRoot).Resolve("hop/outside/precious.txt");

        act.Should().Throw<StoragePathException>().WithMessage("*symbolic link*");
    }

    [Test]
    public void A_link_that_stays_inside_is_followed()
    {
        Directory.CreateDirectory(Path.Combine(_box.WorkbenchRoot, "real"));
        Directory.CreateSymbolicLink(Path.Combine(_box.WorkbenchRoot, "alias"), "real");

        var resolved = _box.Folder(_box.WorkbenchRoot).Resolve("alias/file.txt");

        resolved.Should().Be(Path.Combine(_box.WorkbenchRoot, "real", "file.txt"));
    }

    [Test]
    public void A_base_folder_reached_through_a_link_is_resolved_to_its_real_path()
    {
        var link = Path.Combine(_box.Root, "work-link");
        Directory.CreateSymbolicLink(link, _box.WorkbenchRoot);

        var folder = new BaseFolder(link, "workbench", "Batch:Files:Workbench");

        folder.Root.Should().Be(_box.WorkbenchRoot);
        folder.Resolve("x.txt").Should().Be(Path.Combine(_box.WorkbenchRoot, "x.txt"));
    }

    [Test]
    public void Deleting_a_folder_removes_links_inside_it_but_never_what_they_point_to()
    {
        var folder = _box.Folder(_box.WorkbenchRoot);
        var job = Directory.CreateDirectory(Path.Combine(_box.WorkbenchRoot, "job", "1")).FullName;
        File.WriteAllText(Path.Combine(job, "work.txt"), "x");
        Directory.CreateSymbolicLink(Path.Combine(job, "dir-link"), _box.Outside);
        File.CreateSymbolicLink(Path.Combine(job, "file-link"), _box.Precious);

        folder.Delete(folder.Resolve("job"), CancellationToken.None);

        Directory.Exists(Path.Combine(_box.WorkbenchRoot, "job")).Should().BeFalse();
        File.ReadAllText(_box.Precious).Should().Be("keep me");
        Directory.Exists(_box.Outside).Should().BeTrue();
    }

    [Test]
    public void The_base_folder_itself_cannot_be_deleted()
    {
        var folder = _box.Folder(_box.WorkbenchRoot);

        var act = () => folder.Delete(_box.WorkbenchRoot, CancellationToken.None);

        act.Should().Throw<StoragePathException>().WithMessage("*Refused to delete*");
        Directory.Exists(_box.WorkbenchRoot).Should().BeTrue();
    }
}
