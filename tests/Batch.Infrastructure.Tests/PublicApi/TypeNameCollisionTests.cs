using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;

namespace Batch.Infrastructure.Tests.PublicApi;

/// <summary>
/// A user's file has the SDK's implicit usings (console, worker and web projects) and <c>using Batch.…;</c> lines:
/// no public type of ours may share its name with a type of those namespaces (CS0104, as
/// <c>System.Threading.ExecutionContext</c> once did), nor with another public type of ours.
/// </summary>
public sealed class TypeNameCollisionTests
{
    /// <summary>The implicit usings of Microsoft.NET.Sdk, .Worker and .Web.</summary>
    private static readonly string[] ImplicitNamespaces =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Net.Http.Json",
        "System.Threading", "System.Threading.Tasks",
        "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Routing",
        "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting",
        "Microsoft.Extensions.Logging",
    ];

    private static readonly Assembly[] OurAssemblies =
    [
        typeof(Batch.Model.JobExecution).Assembly,
        typeof(Batch.Infrastructure.Repository.SqliteJobRepositoryOptions).Assembly,
    ];

    [Test]
    public void No_public_type_of_ours_has_the_name_of_a_type_in_an_implicitly_imported_namespace()
    {
        var theirs = FrameworkTypeNames();
        theirs.Should().Contain(("System.Threading", "ExecutionContext"), "the shared framework must have been read");
        theirs.Should().Contain(("Microsoft.AspNetCore.Http", "HttpContext"), "the ASP.NET Core shared framework must have been read");

        var collisions = OurPublicTypes()
            .Where(t => !ImplicitNamespaces.Contains(t.Namespace)) // our extension classes live in Microsoft.Extensions.* on purpose
            .SelectMany(t => ImplicitNamespaces.Where(ns => theirs.Contains((ns, t.Name))).Select(ns => $"{t.FullName} vs {ns}.{t.Name}"))
            .ToList();

        collisions.Should().BeEmpty("a user's file that imports both namespaces would not compile (CS0104)");
    }

    [Test]
    public void No_two_public_types_of_ours_share_a_name()
    {
        var duplicates = OurPublicTypes()
            .GroupBy(t => t.Name)
            .Where(g => g.Count() > 1)
            .Select(g => string.Join(" vs ", g.Select(t => t.FullName)))
            .ToList();

        duplicates.Should().BeEmpty("a user's file that imports both namespaces would not compile (CS0104)");
    }

    [Test]
    public void Public_types_live_in_their_own_assembly_namespaces()
    {
        var misplaced = OurPublicTypes()
            .Where(t => !t.Namespace!.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal))
            .Where(t => t.Assembly == OurAssemblies[1]
                ? !t.Namespace!.StartsWith("Batch.Infrastructure", StringComparison.Ordinal)
                : t.Namespace!.StartsWith("Batch.Infrastructure", StringComparison.Ordinal))
            .Select(t => t.FullName)
            .ToList();

        misplaced.Should().BeEmpty("Infrastructure's types live in Batch.Infrastructure.*, Core's never do");
    }

    /// <summary>Our public top-level types, keyed by their name without the generic arity suffix.</summary>
    private static IEnumerable<(string? Namespace, string Name, string? FullName, Assembly Assembly)> OurPublicTypes() =>
        OurAssemblies.SelectMany(a => a.GetExportedTypes())
            .Where(t => !t.IsNested)
            .Select(t => (t.Namespace, StripArity(t.Name), t.FullName, t.Assembly));

    /// <summary>Public type names of the .NET and ASP.NET Core shared frameworks, read from metadata without loading the assemblies.</summary>
    private static HashSet<(string Namespace, string Name)> FrameworkTypeNames()
    {
        var runtime = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar);
        var version = Path.GetFileName(runtime);
        var shared = Path.GetDirectoryName(Path.GetDirectoryName(runtime))!;
        var aspNet = Path.Combine(shared, "Microsoft.AspNetCore.App");
        Directory.Exists(aspNet).Should().BeTrue($"the ASP.NET Core shared framework is expected beside the runtime, at {aspNet}");
        var aspNetVersion = Directory.GetDirectories(aspNet)
            .Select(Path.GetFileName)
            .Where(v => v!.Split('.')[0] == version.Split('.')[0])
            .OrderByDescending(v => Version.TryParse(v!.Split('-')[0], out var parsed) ? parsed : new Version())
            .First();

        var names = new HashSet<(string, string)>();
        foreach (var file in Directory.GetFiles(runtime, "*.dll").Concat(Directory.GetFiles(Path.Combine(aspNet, aspNetVersion!), "*.dll")))
        {
            using var stream = File.OpenRead(file);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                continue;
            }

            var metadata = pe.GetMetadataReader();
            if (!metadata.IsAssembly)
            {
                continue;
            }

            foreach (var handle in metadata.TypeDefinitions)
            {
                var type = metadata.GetTypeDefinition(handle);
                if ((type.Attributes & TypeAttributes.VisibilityMask) == TypeAttributes.Public)
                {
                    names.Add((metadata.GetString(type.Namespace), StripArity(metadata.GetString(type.Name))));
                }
            }

            foreach (var handle in metadata.ExportedTypes)
            {
                var type = metadata.GetExportedType(handle);
                names.Add((metadata.GetString(type.Namespace), StripArity(metadata.GetString(type.Name))));
            }
        }

        return names;
    }

    private static string StripArity(string name)
    {
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick];
    }
}
