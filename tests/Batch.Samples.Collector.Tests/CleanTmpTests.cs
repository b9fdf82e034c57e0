using Batch.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Samples.Collector;

namespace Batch.Samples.Collector.Tests;

/// <summary>
/// <c>cleantmp</c> empties tmp/ through the library's warehouse and trash: everything inside goes, links are removed as links, and
/// nothing outside tmp/ is ever deleted — not through a link, not through <c>/</c> or <c>..</c> in a PATH, not through a tmp/ that is a link.
/// </summary>
public sealed class CleanTmpTests : CollectorFolderFixture
{
    private DirectoryInfo _outside = null!;

    [SetUp]
    public void CreateOutside()
    {
        _outside = Directory.CreateTempSubdirectory("collector-outside-");
        File.WriteAllText(Path.Combine(_outside.FullName, "secret.txt"), "keep me");
        Directory.CreateDirectory(Path.Combine(_outside.FullName, "d"));
        File.WriteAllText(Path.Combine(_outside.FullName, "d", "file.txt"), "keep me too");
    }

    [TearDown]
    public void RemoveOutside() => _outside.Delete(recursive: true);

    [Test]
    public async Task Everything_in_tmp_goes_and_links_inside_its_folders_are_removed_as_links_never_followed()
    {
        WriteTmp("20261201000000/C1/orders.json");
        WriteTmp("loose.json");
        Directory.CreateDirectory(Tmp("nested"));
        Directory.CreateSymbolicLink(Tmp("nested/dir-out"), _outside.FullName);
        File.CreateSymbolicLink(Tmp("nested/file-out"), Path.Combine(_outside.FullName, "secret.txt"));

        (await Run("cleantmp")).Should().Be(0, Err);

        Directory.EnumerateFileSystemEntries(Tmp(".")).Should().BeEmpty();
        Directory.EnumerateFileSystemEntries(Path.Combine(BaseDirectory, "trash")).Should().BeEmpty("the thrown-away entries expire at once and are deleted");
        OutsideShouldBeIntact();
    }

    [Test]
    public async Task An_entry_of_tmp_that_leaves_it_through_a_link_is_refused_and_left_while_the_rest_goes()
    {
        WriteTmp("a.json");
        Directory.CreateSymbolicLink(Tmp("out"), _outside.FullName);

        (await Run("cleantmp")).Should().Be(1);

        Err.Should().Contain("out").And.Contain("symbolic link");
        File.Exists(Tmp("a.json")).Should().BeFalse();
        new DirectoryInfo(Tmp("out")).LinkTarget.Should().Be(_outside.FullName);
        OutsideShouldBeIntact();
    }

    [TestCase("/", "rooted")]
    [TestCase("..", "..")]
    [TestCase("20261201000000/../..", "..")]
    [TestCase("out", "symbolic link")]
    [TestCase("out/d", "symbolic link")]
    public async Task A_path_outside_tmp_is_refused_before_anything_is_removed(string path, string reason)
    {
        WriteTmp("20261201000000/C1/orders.json");
        Directory.CreateSymbolicLink(Tmp("out"), _outside.FullName);

        (await Run("cleantmp", path)).Should().Be(2);

        Err.Should().Contain($"PATH '{path}'").And.Contain(reason);
        File.Exists(Tmp("20261201000000/C1/orders.json")).Should().BeTrue("nothing is removed when a PATH is refused");
        OutsideShouldBeIntact();
    }

    [Test]
    public async Task A_path_inside_tmp_removes_only_that_entry()
    {
        WriteTmp("20261201000000/C1/orders.json");
        WriteTmp("20261202000000/C1/orders.json");

        (await Run("cleantmp", "20261201000000")).Should().Be(0, Err);

        Directory.Exists(Tmp("20261201000000")).Should().BeFalse();
        File.Exists(Tmp("20261202000000/C1/orders.json")).Should().BeTrue();
    }

    [Test]
    public async Task A_tmp_that_is_a_link_out_of_the_base_directory_is_refused()
    {
        Directory.CreateSymbolicLink(Path.Combine(BaseDirectory, "tmp"), _outside.FullName);

        (await Run("cleantmp")).Should().Be(2);

        Err.Should().Contain("outside the collector's base directory");
        OutsideShouldBeIntact();
    }

    [Test]
    public async Task The_root_of_the_file_system_as_the_base_directory_is_refused()
    {
        using var host = CollectorHost.Build("/");
        await host.StartAsync();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await host.Services.GetRequiredService<BatchCommandLineRunner>().RunAsync(["cleantmp"], output, error, CancellationToken.None);
        await host.StopAsync();

        exit.Should().Be(2);
        error.ToString().Should().Contain("root of the file system");
    }

    private string Tmp(string relative) => Path.GetFullPath(Path.Combine(BaseDirectory, "tmp", relative));

    private void WriteTmp(string relative)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Tmp(relative))!);
        File.WriteAllText(Tmp(relative), "{}");
    }

    private void OutsideShouldBeIntact()
    {
        File.ReadAllText(Path.Combine(_outside.FullName, "secret.txt")).Should().Be("keep me");
        File.ReadAllText(Path.Combine(_outside.FullName, "d", "file.txt")).Should().Be("keep me too");
    }
}
