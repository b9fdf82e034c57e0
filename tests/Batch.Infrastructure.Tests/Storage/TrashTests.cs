using Batch.Infrastructure.Storage;

namespace Batch.Infrastructure.Tests.Storage;

public sealed class TrashTests
{
    private StorageSandbox _box = null!;

    [SetUp]
    public void SetUp() => _box = new StorageSandbox();

    [TearDown]
    public void TearDown() => _box.Dispose();

    [Test]
    public void A_thrown_away_file_is_moved_into_the_trash_with_its_deletion_date_in_front_of_its_name()
    {
        var file = Path.Combine(_box.WorkbenchRoot, "sales.csv");
        File.WriteAllText(file, "a,b");

        var moved = _box.Trash().ThrowAway(file, retentionDays: 10);

        moved.Should().Be(Path.Combine(_box.TrashRoot, "20261211_sales.csv"));
        File.Exists(file).Should().BeFalse();
        File.ReadAllText(moved).Should().Be("a,b");
    }

    [Test]
    public void A_name_already_in_the_trash_gets_a_unique_suffix()
    {
        var trash = _box.Trash();
        var first = Path.Combine(_box.WarehouseRoot, "x.txt");
        File.WriteAllText(first, "1");
        var one = trash.ThrowAway(first);
        File.WriteAllText(first, "2");

        var two = trash.ThrowAway(first);

        two.Should().NotBe(one).And.StartWith(one + ".");
        File.ReadAllText(one).Should().Be("1");
        File.ReadAllText(two).Should().Be("2");
    }

    [Test]
    public void Emptying_deletes_what_has_expired_and_keeps_the_rest()
    {
        var trash = _box.Trash();
        foreach (var (name, days) in new[] { ("short.txt", 1), ("long.txt", 5) })
        {
            var path = Path.Combine(_box.WorkbenchRoot, name);
            File.WriteAllText(path, name);
            trash.ThrowAway(path, days);
        }

        File.WriteAllText(Path.Combine(_box.TrashRoot, "no-date.txt"), "?");

        trash.EmptyExpired(CancellationToken.None).Should().BeEmpty("nothing has expired on the day it was thrown away");
        _box.Time.Advance(TimeSpan.FromDays(1));
        trash.EmptyExpired(CancellationToken.None).Should().Equal("20261202_short.txt");
        _box.Time.Advance(TimeSpan.FromDays(4));
        trash.EmptyExpired(CancellationToken.None).Should().Equal("20261206_long.txt");

        Directory.GetFileSystemEntries(_box.TrashRoot).Select(Path.GetFileName).Should().Equal("no-date.txt");
    }

    [Test]
    public void Emptying_an_expired_folder_that_holds_a_link_does_not_follow_the_link()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_box.WorkbenchRoot, "batch-1")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(folder, "out"), _box.Outside);
        var trash = _box.Trash();
        trash.ThrowAway(folder, 0);

        trash.EmptyExpired(CancellationToken.None).Should().Equal("20261201_batch-1");

        File.ReadAllText(_box.Precious).Should().Be("keep me");
    }

    [Test]
    public void A_file_outside_the_workbench_and_the_warehouse_is_refused_and_not_moved()
    {
        var act = () => _box.Trash().ThrowAway(_box.Precious);

        act.Should().Throw<StoragePathException>().WithMessage($"*'{_box.Precious}'*only files inside the workbench or the warehouse*");
        File.Exists(_box.Precious).Should().BeTrue();
    }

    [Test]
    public void A_file_reached_through_a_link_that_escapes_is_refused()
    {
        Directory.CreateSymbolicLink(Path.Combine(_box.WorkbenchRoot, "escape"), _box.Outside);

        var act = () => _box.Trash().ThrowAway(Path.Combine(_box.WorkbenchRoot, "escape", "precious.txt"));

        act.Should().Throw<StoragePathException>();
        File.Exists(_box.Precious).Should().BeTrue();
    }

    [Test]
    public void Throwing_away_a_link_moves_the_link_and_leaves_the_file_it_points_to()
    {
        var target = Path.Combine(_box.WarehouseRoot, "target.csv");
        File.WriteAllText(target, "kept");
        var link = Path.Combine(_box.WarehouseRoot, "link-to-target.csv");
        File.CreateSymbolicLink(link, target);

        var thrown = _box.Trash().ThrowAway(link);

        File.ReadAllText(target).Should().Be("kept", "the file the link pointed to stays where it is");
        File.Exists(link).Should().BeFalse();
        new FileInfo(thrown).LinkTarget.Should().Be(target, "the link itself went to the trash");
    }

    [Test]
    public void Throwing_away_a_link_to_a_folder_inside_moves_the_link_and_leaves_the_folder()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_box.WarehouseRoot, "kept")).FullName;
        File.WriteAllText(Path.Combine(folder, "a.csv"), "kept");
        var link = Path.Combine(_box.WarehouseRoot, "link-to-kept");
        Directory.CreateSymbolicLink(link, folder);

        var thrown = _box.Trash().ThrowAway(link);

        File.ReadAllText(Path.Combine(folder, "a.csv")).Should().Be("kept");
        Path.Exists(link).Should().BeFalse();
        new DirectoryInfo(thrown).LinkTarget.Should().Be(folder);
    }

    [Test]
    public void A_link_that_points_outside_is_refused_and_left_where_it_is()
    {
        var link = Path.Combine(_box.WorkbenchRoot, "out");
        Directory.CreateSymbolicLink(link, _box.Outside);

        var act = () => _box.Trash().ThrowAway(link);

        act.Should().Throw<StoragePathException>().WithMessage("*symbolic link*");
        new DirectoryInfo(link).LinkTarget.Should().Be(_box.Outside);
    }

    [TestCase("")]
    [TestCase("relative.txt")]
    public void Empty_and_relative_paths_are_refused(string path)
    {
        var act = () => _box.Trash().ThrowAway(path);

        act.Should().Throw<StoragePathException>();
    }

    [Test]
    public void Climbing_out_of_the_workbench_with_dot_dot_is_refused()
    {
        var act = () => _box.Trash().ThrowAway(Path.Combine(_box.WorkbenchRoot, "..", "outside", "precious.txt"));

        act.Should().Throw<StoragePathException>();
        File.Exists(_box.Precious).Should().BeTrue();
    }

    [Test]
    public void The_workbench_folder_itself_cannot_be_thrown_away()
    {
        var act = () => _box.Trash().ThrowAway(_box.WorkbenchRoot);

        act.Should().Throw<StoragePathException>();
        Directory.Exists(_box.WorkbenchRoot).Should().BeTrue();
    }
}
