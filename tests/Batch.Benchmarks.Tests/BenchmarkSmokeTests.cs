namespace Batch.Benchmarks.Tests;

/// <summary>Runs every benchmark workload at a tiny size so the benchmark cannot rot. No timing is asserted.</summary>
public class BenchmarkSmokeTests
{
    [Test]
    public async Task Every_workload_runs_at_a_tiny_size_and_reports_a_value_and_its_goal()
    {
        using var log = new StringWriter();

        var results = await WorkloadRunner.RunAsync(scale: 0.0005, repetitions: 1, only: null, log, CancellationToken.None);

        results.Should().NotBeEmpty();
        results.Select(r => r.Name.Split(':')[0]).Distinct().Should().BeEquivalentTo(WorkloadRunner.All().Select(w => w.Name));
        // A value, not its sign: at this size a measured slope (time over commits) is noise and may be negative.
        results.Should().OnlyContain(r => double.IsFinite(r.Value) && r.Goal.Length > 0);
    }

    [Test]
    public async Task The_report_is_written_as_json_and_markdown_with_the_fields_the_readme_promises()
    {
        using var log = new StringWriter();
        var results = await WorkloadRunner.RunAsync(scale: 0.0005, repetitions: 1, only: "overhead", log, CancellationToken.None);
        var directory = Directory.CreateTempSubdirectory("bench-report-");
        try
        {
            var report = new Reporting.ResultsReport(results, new Workloads.BenchmarkSettings(0.0005, 1, directory.FullName, null));

            await report.WriteAsync(directory.FullName, CancellationToken.None);

            var json = await File.ReadAllTextAsync(Path.Combine(directory.FullName, "latest.json"));
            using var document = System.Text.Json.JsonDocument.Parse(json);
            document.RootElement.GetProperty("date").GetString().Should().NotBeNullOrEmpty();
            document.RootElement.GetProperty("machine").GetProperty("cores").GetInt32().Should().BePositive();
            var first = document.RootElement.GetProperty("workloads")[0];
            foreach (var field in new[] { "name", "unit", "value", "baseline", "ratio", "goal", "goal_met" })
            {
                first.TryGetProperty(field, out _).Should().BeTrue(field);
            }

            File.ReadAllText(Path.Combine(directory.FullName, "latest.md")).Should().Contain("| workload |");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
