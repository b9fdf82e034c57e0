using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;

namespace Batch.Packaging.Tests;

/// <summary>
/// What a user gets from NuGet: Batch.Core, Batch.Infrastructure and Batch.Dashboard packed (with a version unique to this run, so a
/// package cached by an earlier run can never be used) into a temp folder feed, and a console application outside
/// the repository — its own namespace, implicit usings, nullable, warnings as errors — built from those packages
/// and run twice through <c>RunBatchCommandLineAsync</c>: failing at an item, then resuming after its last chunk.
/// </summary>
[TestFixture]
[Category("Packaging")]
[NonParallelizable]
public sealed class PackageConsumerTests
{
    private static readonly string[] Packages = ["Batch.Core", "Batch.Infrastructure", "Batch.Dashboard"];

    private string _work = null!;
    private string _feed = null!;
    private string _version = null!;
    private string? _userPackages;
    private Dictionary<string, string> _environment = null!;

    [OneTimeSetUp]
    public async Task PackAsync()
    {
        _work = Path.Combine(Path.GetTempPath(), "batch-packaging-" + Guid.NewGuid().ToString("N")[..12]);
        _feed = Path.Combine(_work, "feed");
        _version = "0.1.0-test.t" + Guid.NewGuid().ToString("N")[..12];
        Directory.CreateDirectory(_feed);

        // A packages folder of our own (NUGET_PACKAGES wins over any configuration), the user's one as a read-only
        // fallback so the third-party packages need no download.
        var userPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        _userPackages = Directory.Exists(userPackages) ? userPackages : null;
        _environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_work, "packages") };

        // The artifacts layout under the temp folder: this pack neither reads nor writes the obj/ and bin/ folders
        // of the solution's build (which other test projects of the same `dotnet test` run may be using).
        var root = RepositoryRoot();
        var artifacts = Path.Combine(_work, "artifacts");
        foreach (var package in Packages)
        {
            var project = Path.Combine(root, "src", package, package + ".csproj");
            var pack = await DotnetCli.RunAsync(root, _environment,
                "pack", project, "-c", "Release", "-o", _feed,
                "-p:Version=" + _version, "-p:UseArtifactsOutput=true", "-p:ArtifactsPath=" + artifacts,
                "--disable-build-servers", "-nodeReuse:false");
            pack.ExitCode.Should().Be(0, "packing {0} must succeed: {1}", package, pack);
        }
    }

    [OneTimeTearDown]
    public void DeleteWorkFolder()
    {
        if (TestContext.CurrentContext.Result.FailCount == 0 && Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }
        else
        {
            TestContext.Out.WriteLine($"Kept {_work} for inspection.");
        }
    }

    [Test]
    public void Packages_carry_readme_license_docs_and_symbols()
    {
        foreach (var package in Packages)
        {
            var nupkg = Path.Combine(_feed, $"{package}.{_version}.nupkg");
            using (var archive = ZipFile.OpenRead(nupkg))
            {
                var entries = archive.Entries.Select(e => e.FullName).ToList();
                entries.Should().Contain(["README.md", "LICENSE", $"lib/net10.0/{package}.dll", $"lib/net10.0/{package}.xml"]);

                var nuspec = archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
                using var stream = nuspec.Open();
                var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
                var license = metadata.Elements().Single(e => e.Name.LocalName == "license");
                license.Attribute("type")!.Value.Should().Be("expression");
                license.Value.Should().Be("Apache-2.0");
                metadata.Elements().Single(e => e.Name.LocalName == "readme").Value.Should().Be("README.md");
            }

            var snupkg = Path.Combine(_feed, $"{package}.{_version}.snupkg");
            using var symbols = ZipFile.OpenRead(snupkg);
            symbols.Entries.Select(e => e.FullName).Should().Contain($"lib/net10.0/{package}.pdb");
        }
    }

    [Test]
    public void Packages_depend_on_Batch_Core_of_the_same_version_and_the_dashboard_carries_its_framework_and_assets()
    {
        foreach (var package in Packages.Where(p => p != "Batch.Core"))
        {
            var metadata = Metadata(package);
            var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency").ToList();
            dependencies.Should().Contain(
                d => d.Attribute("id")!.Value == "Batch.Core" && d.Attribute("version")!.Value.Trim('[', ']') == _version,
                "{0} depends on the Batch.Core packed in the same run", package);
        }

        Metadata("Batch.Dashboard").Descendants().Where(e => e.Name.LocalName == "frameworkReference").Select(e => e.Attribute("name")!.Value)
            .Should().Contain("Microsoft.AspNetCore.App", "the dashboard's pages run on ASP.NET Core");

        using var archive = ZipFile.OpenRead(Path.Combine(_feed, $"Batch.Dashboard.{_version}.nupkg"));
        using var dll = new MemoryStream();
        using (var entry = archive.GetEntry("lib/net10.0/Batch.Dashboard.dll")!.Open())
        {
            entry.CopyTo(dll);
        }

        dll.Position = 0;
        using var pe = new System.Reflection.PortableExecutable.PEReader(dll);
        var reader = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        reader.ManifestResources.Select(r => reader.GetString(reader.GetManifestResource(r).Name))
            .Should().Contain(["Batch.Dashboard.dashboard.css", "Batch.Dashboard.dashboard.js"], "the pages' style and script are embedded in the package's assembly");
    }

    [Test]
    public async Task A_consumer_built_from_the_packages_fails_at_an_item_then_resumes_after_its_last_chunk()
    {
        var consumer = CreateConsumer();
        var build = await DotnetCli.RunAsync(consumer, _environment,
            "build", "-c", "Release", "-o", Path.Combine(consumer, "out"), "-p:BatchVersion=" + _version,
            "--disable-build-servers", "-nodeReuse:false");
        build.ExitCode.Should().Be(0, "the consumer must build from the packages: {0}", build);
        Directory.GetFiles(Path.Combine(_work, "packages"), "*.nupkg", SearchOption.AllDirectories)
            .Select(Path.GetFileName)
            .Should().Contain($"batch.core.{_version}.nupkg", "Batch.Core comes from the feed of this run");

        var items = Path.Combine(_work, "nightly", "items.txt");
        var app = Path.Combine(consumer, "out", "Acme.Nightly.dll");
        const string count = "count:long=25";

        var failed = await DotnetCli.RunAsync(consumer, _environment, app, "run", "nightly", count, "out=" + items, "-failAt:long=13");
        failed.ExitCode.Should().Be(1, "the processor fails at 13: {0}", failed);
        failed.Output.Should().Contain("nightly: prepared").And.Contain("nightly: reader opened at 0").And.Contain("failing on purpose at 13");
        Lines(items).Should().Equal(Range(1, 10), "the two chunks before the failing one were committed");

        var resumed = await DotnetCli.RunAsync(consumer, _environment, app, "run", "nightly", count, "out=" + items);
        resumed.ExitCode.Should().Be(0, "the same instance runs again and completes: {0}", resumed);
        resumed.Output.Should().NotContain("nightly: prepared", "the completed tasklet step is not run again");
        resumed.Output.Should().Contain("nightly: reader opened at 10").And.Contain("nightly: read 15, wrote 15").And.Contain("COMPLETED");
        Lines(items).Should().Equal(Range(1, 25), "nothing lost, nothing written twice");

        var list = await DotnetCli.RunAsync(consumer, _environment, app, "list", "--json");
        list.ExitCode.Should().Be(0, "list --json: {0}", list);
        list.Output.Should().Contain("\"executions\"").And.Contain("\"status\": \"COMPLETED\"");
        var dashboard = await DotnetCli.RunAsync(consumer, _environment, app, "dashboard", "--help");
        dashboard.ExitCode.Should().Be(0, "the dashboard command of the Batch.Dashboard package: {0}", dashboard);
        dashboard.Output.Should().Contain("--enable-actions");
    }

    /// <summary>Copies Consumer/ to the temp folder, fenced off from any Directory.*.props above it, with a nuget.config.</summary>
    private string CreateConsumer()
    {
        var source = Path.Combine(RepositoryRoot(), "tests", "Batch.Packaging.Tests", "Consumer");
        var consumer = Path.Combine(_work, "Acme.Nightly");
        Directory.CreateDirectory(consumer);
        foreach (var file in Directory.GetFiles(source).Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(consumer, Path.GetFileName(file)));
        }

        foreach (var fence in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(consumer, fence), "<Project />\n");
        }

        // The user's own sources (nuget.org, or a mirror configured in their NuGet.Config) stay: no <clear />.
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="batch-local-feed" value="{_feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
              <fallbackPackageFolders>
                {(_userPackages is null ? string.Empty : $"<add key=\"user-packages\" value=\"{_userPackages}\" />")}
              </fallbackPackageFolders>
            </configuration>
            """);
        return consumer;
    }

    private XElement Metadata(string package)
    {
        using var archive = ZipFile.OpenRead(Path.Combine(_feed, $"{package}.{_version}.nupkg"));
        using var stream = archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        return XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string RepositoryRoot() =>
        typeof(PackageConsumerTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryRoot").Value!;

    private static string[] Lines(string path) => File.Exists(path) ? File.ReadAllLines(path) : [];

    private static IEnumerable<string> Range(int from, int to) =>
        Enumerable.Range(from, to - from + 1).Select(i => i.ToString(CultureInfo.InvariantCulture));
}
