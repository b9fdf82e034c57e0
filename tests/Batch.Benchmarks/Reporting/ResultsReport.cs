using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Batch.Benchmarks.Workloads;

namespace Batch.Benchmarks.Reporting;

/// <summary>The results of one benchmark run: written as <c>latest.json</c> and <c>latest.md</c>.</summary>
internal sealed class ResultsReport
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // a file for people and tools, not for a web page
    };

    public ResultsReport(IReadOnlyList<WorkloadResult> workloads, BenchmarkSettings settings)
    {
        Workloads = workloads;
        Settings = settings;
        Date = DateTimeOffset.UtcNow;
    }

    public DateTimeOffset Date { get; }

    public BenchmarkSettings Settings { get; }

    public IReadOnlyList<WorkloadResult> Workloads { get; }

    public static string MachineSummary() =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024):0.#} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");

    public async Task WriteAsync(string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var document = new
        {
            date = Date.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            machine = new
            {
                cores = Environment.ProcessorCount,
                memory_gib = Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
                os = RuntimeInformation.OSDescription,
                runtime = ".NET " + Environment.Version,
            },
            scale = Settings.Scale,
            repetitions = Settings.Repetitions,
            workloads = Workloads,
        };
        await File.WriteAllTextAsync(Path.Combine(directory, "latest.json"), JsonSerializer.Serialize(document, Json) + "\n", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "latest.md"), ToMarkdown(), cancellationToken);
    }

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Run {Date:yyyy-MM-dd HH:mm} UTC on {MachineSummary()}; scale {Settings.Scale}, median of {Settings.Repetitions} alternating runs.");
        md.AppendLine();
        md.AppendLine("| workload | unit | value | baseline | ratio | goal | met | notes |");
        md.AppendLine("|---|---|---:|---:|---:|---|---|---|");
        foreach (var w in Workloads)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {w.Name} | {w.Unit} | {w.Value} | {w.Baseline?.ToString(CultureInfo.InvariantCulture) ?? "–"} | {w.Ratio?.ToString("0.###", CultureInfo.InvariantCulture) ?? "–"} | {w.Goal} | {(w.GoalMet is null ? "–" : w.GoalMet.Value ? "yes" : "**no**")} | {w.Notes} |");
        }

        return md.ToString();
    }
}
