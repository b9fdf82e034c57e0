namespace Batch.Samples.Collector.Tests;

/// <summary>The seed's example night (scripts/collect-night.sh) for the HTTP API of the night (code 02), beside the database night.</summary>
public sealed class ExampleScriptHttpTests : HttpNightFixture
{
    [Test]
    public async Task The_example_night_of_code_02_retries_the_api_from_its_failed_page_and_runs_its_post_step()
    {
        WriteHealthCheck();

        // Page 3 is down for the four requests of the first try (one and three retries); the second try resumes there and succeeds.
        Api.DownFor[3] = 4;
        var (exit, output) = await RunScriptAsync("C3", "02", HttpSettings);

        exit.Should().Be(0, output);
        output.Should().Contain("\"C3\"의 처리 성공 후").And.Contain("batchresult: wrote");
        (await QueryAsync(Rules, "SELECT ATTEMPT_NO, STATUS FROM T_BATCH_LOG_0002 WHERE CONNECTION_NO = 'C3' ORDER BY ATTEMPT_NO"))
            .Select(r => $"{r[0]} {r[1]}").Should().Equal("1 FAILED", "2 SUCCESS");
        (await QueryAsync(Rules, "SELECT CONNECTION_NO, RESULT, ROWS_COLLECTED FROM T_BATCH_RESULT_0002 WHERE METHOD_CODE = '02'"))
            .Select(r => $"{r[0]}={r[1]} {r[2]}").Should().Equal($"C3=SUCCESS {ApiItems}");
        (await CountAsync(Target, $"SELECT COUNT(DISTINCT id) FROM api_items WHERE batch_base_time = '{BaseTime}'")).Should().Be(ApiItems);

        // The database night of the same base time runs beside it with its own code; C2's table stays broken.
        (exit, output) = await RunScriptAsync("C1 C2", "01");
        exit.Should().Be(1, output);
        output.Should().Contain("\"C1\"의 처리 성공 후").And.NotContain("\"C2\"의 처리 성공 후");
        (await QueryAsync(Rules, "SELECT METHOD_CODE, CONNECTION_NO, RESULT FROM T_BATCH_RESULT_0002 ORDER BY 2"))
            .Select(r => $"{r[0]} {r[1]}={r[2]}").Should().Equal("01 C1=SUCCESS", "01 C2=FAILED", "02 C3=SUCCESS");
    }
}
