namespace Batch.Samples.Collector.Tests;

/// <summary>The seed's example night (scripts/collect-night.sh), with its waits as parameters, run end to end against the night's databases.</summary>
public sealed class ExampleScriptTests : CollectorNightFixture
{
    [Test]
    public async Task The_example_night_retries_runs_the_post_steps_of_the_connections_that_succeeded_and_gathers_the_results()
    {
        WriteHealthCheck();
        Directory.CreateDirectory(Path.Combine(BaseDirectory, "tmp", "old-night"));
        WriteFile("tmp/old-night/left-over.json", "{}");

        // C2's table stays broken all night: three tries, the post-step only for C1, the results written.
        var (exit, output) = await RunScriptAsync();
        exit.Should().Be(1, output);
        output.Should().Contain("\"C1\"의 처리 성공 후").And.NotContain("\"C2\"의 처리 성공 후").And.Contain("batchresult: wrote");
        File.Exists(Path.Combine(BaseDirectory, "tmp", "old-night", "left-over.json")).Should().BeFalse("cleantmp empties tmp/ first");
        (await QueryAsync(Rules, "SELECT ATTEMPT_NO FROM T_BATCH_LOG_0002 WHERE CONNECTION_NO = 'C2' ORDER BY ATTEMPT_NO")).Select(r => (int)r[0]!).Should().Equal(1, 2, 3);
        (await QueryAsync(Rules, "SELECT CONNECTION_NO, RESULT FROM T_BATCH_RESULT_0002 ORDER BY 1")).Select(r => $"{r[0]}={r[1]}").Should().Equal("C1=SUCCESS", "C2=FAILED");

        // The next night's script, after the fix: the first try succeeds (only C2's table runs), both post-steps run.
        await ExecuteAsync(Source2, "ALTER TABLE events RENAME COLUMN body TO payload");
        (exit, output) = await RunScriptAsync();
        exit.Should().Be(0, output);
        output.Should().Contain("\"C1\"의 처리 성공 후").And.Contain("\"C2\"의 처리 성공 후");
        (await QueryAsync(Rules, "SELECT CONNECTION_NO, RESULT FROM T_BATCH_RESULT_0002 ORDER BY 1")).Select(r => $"{r[0]}={r[1]}").Should().Equal("C1=SUCCESS", "C2=SUCCESS");
        (await CountAsync(Target, $"SELECT COUNT(*) FROM ev_events WHERE batch_base_time = '{BaseTime}'")).Should().Be(Events);
    }
}
