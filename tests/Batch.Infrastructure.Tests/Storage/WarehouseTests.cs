using Batch.Infrastructure.Storage;

namespace Batch.Infrastructure.Tests.Storage;

public sealed class WarehouseTests
{
    private StorageSandbox _box = null!;

    [SetUp]
    public void SetUp() => _box = new StorageSandbox();

    [TearDown]
    public void TearDown() => _box.Dispose();

    [Test]
    public async Task A_stored_file_is_copied_under_its_name_and_can_be_read_back()
    {
        var source = Path.Combine(_box.WorkbenchRoot, "received.csv");
        await File.WriteAllTextAsync(source, "id,name\n1,a\n");
        var warehouse = _box.Warehouse();

        var stored = await warehouse.StoreAsync(source, "sales/2026-12-01.csv", CancellationToken.None);

        stored.Should().Be(Path.Combine(_box.WarehouseRoot, "sales", "2026-12-01.csv"));
        warehouse.Exists("sales/2026-12-01.csv").Should().BeTrue();
        using var reader = new StreamReader(warehouse.OpenRead("sales/2026-12-01.csv"));
        (await reader.ReadToEndAsync()).Should().Be("id,name\n1,a\n");
        Directory.GetFiles(Path.Combine(_box.WarehouseRoot, "sales")).Should().HaveCount(1, "no temporary file is left beside it");
    }

    [Test]
    public async Task Files_older_than_the_retention_are_purged_and_newer_ones_kept()
    {
        var source = Path.Combine(_box.WorkbenchRoot, "f.txt");
        await File.WriteAllTextAsync(source, "x");
        var warehouse = _box.Warehouse(retentionDays: 30);
        await warehouse.StoreAsync(source, "old.txt", CancellationToken.None);
        _box.Time.Advance(TimeSpan.FromDays(10));
        await warehouse.StoreAsync(source, "in/new.txt", CancellationToken.None);

        _box.Time.Advance(TimeSpan.FromDays(20));
        var purged = warehouse.PurgeExpired(CancellationToken.None);

        purged.Should().Equal("old.txt");
        warehouse.Exists("old.txt").Should().BeFalse();
        warehouse.Exists("in/new.txt").Should().BeTrue();
    }

    [Test]
    public void A_name_with_a_control_character_is_refused_with_the_character_written_out_in_the_message()
    {
        var act = () => _box.Warehouse().GetPath("a\0b");

        act.Should().Throw<StoragePathException>().Which.Message.Should().Contain("a\\u0000b").And.NotContain("\0");
    }

    [Test]
    public void Purging_skips_links_and_never_deletes_what_they_point_to()
    {
        File.SetLastWriteTimeUtc(_box.Precious, new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Directory.CreateSymbolicLink(Path.Combine(_box.WarehouseRoot, "out"), _box.Outside);
        File.CreateSymbolicLink(Path.Combine(_box.WarehouseRoot, "precious-link"), _box.Precious);

        _box.Warehouse().PurgeExpired(CancellationToken.None);

        File.Exists(_box.Precious).Should().BeTrue();
    }

    [TestCase("../outside/x.txt")]
    [TestCase("")]
    [TestCase("/etc/passwd")]
    public async Task Storing_under_a_path_that_leaves_the_warehouse_is_refused(string path)
    {
        var source = Path.Combine(_box.WorkbenchRoot, "f.txt");
        await File.WriteAllTextAsync(source, "x");

        var act = () => _box.Warehouse().StoreAsync(source, path, CancellationToken.None);

        await act.Should().ThrowAsync<StoragePathException>();
    }
}
