using System.Text.RegularExpressions;
using Batch.Core.Tests.Support;

namespace Batch.Core.Tests.Conventions;

/// <summary>
/// The public model (jobs, steps, flows, launch, hosting) sits on the internal engine, not the other way round:
/// engine files import only the leaf namespaces (model, parameters, items, listeners, faults, repository).
/// </summary>
public partial class EngineLayeringTests
{
    private static readonly string[] ModelAreas = ["Batch.Jobs", "Batch.Steps", "Batch.Flows", "Batch.Launch", "Batch.Hosting"];

    [Test]
    public void Engine_files_import_no_namespace_of_the_public_model_above_it()
    {
        var engine = Path.Combine(RepositoryFiles.Root, "src", "Batch.Core", "Engine");
        var files = Directory.GetFiles(engine, "*.cs");
        files.Should().NotBeEmpty();

        var offending = files
            .SelectMany(file => File.ReadLines(file)
                .Select(line => UsingLine().Match(line))
                .Where(m => m.Success && ModelAreas.Contains(m.Groups[1].Value))
                .Select(m => $"{Path.GetFileName(file)}: using {m.Groups[1].Value}"))
            .ToList();

        offending.Should().BeEmpty("the engine must not depend on the public model that is built on it");
    }

    [Test]
    public void Steps_do_not_import_jobs_or_flows()
    {
        var steps = Path.Combine(RepositoryFiles.Root, "src", "Batch.Core", "Steps");
        var offending = Directory.GetFiles(steps, "*.cs")
            .SelectMany(file => File.ReadLines(file)
                .Select(line => UsingLine().Match(line))
                .Where(m => m.Success && m.Groups[1].Value is "Batch.Jobs" or "Batch.Flows")
                .Select(m => $"{Path.GetFileName(file)}: using {m.Groups[1].Value}"))
            .ToList();

        offending.Should().BeEmpty("jobs are made of steps, so steps must not import jobs (that was a loop)");
    }


    [GeneratedRegex(@"^\s*using\s+(Batch(?:\.\w+)*)\s*;")]
    private static partial Regex UsingLine();
}
