using System.Text.RegularExpressions;
using Batch.Core.Tests.Support;

namespace Batch.Core.Tests.Conventions;

/// <summary>Namespaces follow folders in every shipped project, so a type is found where its file is.</summary>
public partial class NamespaceTests
{
    /// <summary>The DI convention: builder and host extensions live in the namespace of the type they extend.</summary>
    private static readonly string[] ExtensionNamespaces = ["Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting"];

    [TestCase("src/Batch.Core", "Batch")]
    [TestCase("src/Batch.Infrastructure", "Batch.Infrastructure")]
    [TestCase("src/Batch.Samples", "Samples")]
    public void Every_file_declares_the_namespace_of_its_folder(string project, string rootNamespace)
    {
        var root = Path.Combine(RepositoryFiles.Root, project);
        var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        files.Should().NotBeEmpty();

        var wrong = new List<string>();
        foreach (var file in files)
        {
            var declared = File.ReadLines(file).Select(l => NamespaceLine().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
            if (declared is null || ExtensionNamespaces.Contains(declared))
            {
                continue; // top-level statements (Program.cs) and the DI extension convention
            }

            var folder = Path.GetRelativePath(root, Path.GetDirectoryName(file)!);
            var expected = folder == "." ? rootNamespace : $"{rootNamespace}.{folder.Replace(Path.DirectorySeparatorChar, '.')}";
            if (declared != expected)
            {
                wrong.Add($"{Path.GetRelativePath(root, file)}: {declared}, expected {expected}");
            }
        }

        wrong.Should().BeEmpty();
    }

    [Test]
    public void No_sample_lives_in_a_Batch_namespace()
    {
        var samples = Path.Combine(RepositoryFiles.Root, "src", "Batch.Samples");
        var inBatch = Directory.EnumerateFiles(samples, "*.cs", SearchOption.AllDirectories)
            .Where(f => File.ReadLines(f).Any(l => l.StartsWith("namespace Batch", StringComparison.Ordinal)))
            .ToList();

        inBatch.Should().BeEmpty("the samples compile as a user's code does, outside our namespaces");
    }


    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;")]
    private static partial Regex NamespaceLine();
}
