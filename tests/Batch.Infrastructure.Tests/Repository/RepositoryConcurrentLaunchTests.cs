using System.Text.RegularExpressions;
using Batch.Infrastructure.Tests.Support;

namespace Batch.Infrastructure.Tests.Repository;

/// <summary>
/// One instance, one live execution, across processes (guarantee 1): two child processes launch the same
/// instance together, twenty times; each time exactly one runs and the other is refused as already running —
/// settled by the database, not by process memory. They meet at barriers (files in a shared folder), not at
/// agreed instants, and the winner holds the instance until the loser has tried, so the outcome does not depend
/// on how the scheduler runs them.
/// </summary>
[TestFixture(typeof(SqliteBackend))]
[TestFixture(typeof(PostgresBackend))]
public sealed partial class RepositoryConcurrentLaunchTests<TBackend>
    where TBackend : RepositoryBackend, new()
{
    private const int Rounds = 20;

    [Test]
    public async Task Two_processes_launching_one_instance_at_the_same_moment_twenty_times_run_it_once_each_time()
    {
        await using var backend = new TBackend();
        await backend.OpenAsync();
        await backend.ItemSinkAsync();
        var barrier = Directory.CreateTempSubdirectory("batch-race-").FullName;
        try
        {
            string[] arguments = [$"rounds={Rounds}", $"barrier={barrier}"];
            var first = CrashHostProcess.RunAsync("race", backend.Provider!, TimeSpan.FromMinutes(5), [.. arguments, "me=a"]);
            var second = CrashHostProcess.RunAsync("race", backend.Provider!, TimeSpan.FromMinutes(5), [.. arguments, "me=b"]);
            var results = await Task.WhenAll(first, second);
            Check(results);
        }
        finally
        {
            Directory.Delete(barrier, recursive: true);
        }
    }

    private static void Check((int ExitCode, string Output)[] results)
    {
        results.Should().OnlyContain(r => r.ExitCode == 0, string.Join("\n", results.Select(r => r.Output)));
        var outcomes = results.Select(r => Outcomes(r.Output)).ToArray();
        for (var round = 0; round < Rounds; round++)
        {
            var pair = new[] { outcomes[0][round], outcomes[1][round] };
            pair.Should().BeEquivalentTo(["ran COMPLETED", "running"], $"round {round}: exactly one process runs the instance, the other finds it running");
        }
    }

    private static Dictionary<int, string> Outcomes(string output) =>
        RoundLine().Matches(output).ToDictionary(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), m => m.Groups[2].Value.Trim());

    [GeneratedRegex(@"^round (\d+): (.+)$", RegexOptions.Multiline)]
    private static partial Regex RoundLine();
}
