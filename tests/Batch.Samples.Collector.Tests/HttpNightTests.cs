namespace Batch.Samples.Collector.Tests;

/// <summary>
/// The night of issue 16 with all three sources: a PostgreSQL source (C1), an HTTP API that fails every third request, hangs once
/// and has a page down (C3, code 02), and a table whose structure changed (C2). The first batchruns exit non-zero; the second retry
/// only the failed tables (the API from the page that failed); after the fix everything is collected; the lake and the target hold
/// every row once; batchcheck and batchresult agree.
/// </summary>
public sealed class HttpNightTests : HttpNightFixture
{
    [Test]
    public async Task A_night_with_a_database_a_flaky_api_and_a_changed_table_retries_only_what_failed_and_ends_with_every_row_once()
    {
        // The API: the second request hangs until the client's attempt timeout, every third fails, and page 3 is down.
        Api.HangOnRequest = 2;
        Api.DownPages[3] = true;

        (await Run("batchrun", BaseTime, "01", "C1", "C2")).Should().Be(1, Err);
        (await Run("batchrun", BaseTime, "02", "C3")).Should().Be(1, Err);
        Out.Should().Contain("C3/v1/items: FAILED");
        Api.Hung.Task.IsCompleted.Should().BeTrue("the second request hung");
        Api.Requests.Should().Contain(r => r.Page == 2 && r.Status == 200, "the hung page was asked for again and answered");
        Api.Requests.Where(r => r.Page == 3).Should().HaveCount(4, "page 3 was tried once and retried three times").And.OnlyContain(r => r.Status == 503);
        (await Run("batchcheck", BaseTime, "C1")).Should().Be(0, Out);
        (await Run("batchcheck", BaseTime, "C3")).Should().Be(1, Out);
        (await Run("batchcheck", BaseTime, "C2")).Should().Be(1, Out);

        // The API's outage ends: the second tries collect only the failed tables, the API's from the page that failed.
        Api.Heal(3);
        var before = Api.Requests.Count;
        (await Run("batchrun", BaseTime, "02", "C3")).Should().Be(0, Err + Out);
        Out.Should().Contain($"C3/v1/items: SUCCESS after 2 attempt(s), {ApiItems} rows");
        var second = Api.Requests.Skip(before).ToList();
        second.Min(r => r.Page).Should().Be(3, "the restart resumes at the page that failed, not at page 1");
        second.Where(r => r.Status == 200).Select(r => r.Page).Should().Equal(3, 4);
        (await Run("batchrun", BaseTime, "01", "C1", "C2")).Should().Be(1, Err);

        var attempts = await QueryAsync(Rules, "SELECT CONNECTION_NO, TABLE_NAME, ATTEMPT_NO, STATUS, MESSAGE FROM T_BATCH_LOG_0002 ORDER BY CONNECTION_NO, TABLE_NAME, ATTEMPT_NO");
        attempts.Select(r => $"{r[0]}/{r[1]}#{r[2]} {r[3]}").Should().Equal(
            "C1/items#1 SUCCESS", "C1/orders#1 SUCCESS", "C2/events#1 FAILED", "C2/events#2 FAILED", "C3/v1/items#1 FAILED", "C3/v1/items#2 SUCCESS");
        ((string)attempts[4][4]!).Should().Contain("Page 3").And.Contain("503").And.Contain("resumes at this page");
        ((string)attempts[3][4]!).Should().Contain("structure changed");

        // The structure is fixed: the last try completes.
        await ExecuteAsync(Source2, "ALTER TABLE events RENAME COLUMN body TO payload");
        (await Run("batchrun", BaseTime, "01", "C1", "C2")).Should().Be(0, Err + Out);
        (await Run("batchrun", BaseTime, "02", "C3")).Should().Be(0, Err + Out);
        Out.Should().Contain("already collected");

        // Every row once: the database tables, and the API's items with the values it sent.
        (await CountAsync(Target, "SELECT COUNT(*) FROM shop_orders")).Should().Be(Orders);
        (await CountAsync(Target, "SELECT COUNT(*) FROM ev_events")).Should().Be(Events);
        (await QueryAsync(Target, $"SELECT COUNT(*), COUNT(DISTINCT id), MIN(id), MAX(id) FROM api_items WHERE batch_base_time = '{BaseTime}'"))[0]
            .Should().Equal((long)ApiItems, (long)ApiItems, 1L, (long)ApiItems);
        (await CountAsync(Target, "SELECT COUNT(*) FROM api_items")).Should().Be(ApiItems);
        var row = (await QueryAsync(Target, $"SELECT {ApiColumns} FROM api_items WHERE id = 10"))[0];
        row.Should().Equal(10L, "item 10", 2.50m, new DateTime(2026, 11, 30, 0, 0, 10).AddTicks(1234560), true, null, new DateOnly(2026, 1, 11));
        (await LakeAsync("SELECT count(*), count(DISTINCT id), min(id), max(id), sum(price)::DOUBLE FROM LAKE WHERE \"table\" = 'api_items'"))[0]
            .Should().Equal((long)ApiItems, (long)ApiItems, 1L, (long)ApiItems, ApiItems * (ApiItems + 1) / 2 * 0.25);
        (await LakeAsync("SELECT count(*) FROM LAKE WHERE \"table\" = 'shop_orders'"))[0].Should().Equal((long)Orders);
        ReadFile($"tmp/{BaseTime}/C3/v1_items.json").Should().Contain($"\"rows\": {ApiItems}");

        // batchcheck and batchresult agree, per code.
        (await Run("batchcheck", BaseTime, "C1", "C2", "C3")).Should().Be(0, Out);
        (await Run("batchresult", BaseTime, "02")).Should().Be(0, Err);
        (await Run("batchresult", BaseTime, "01")).Should().Be(0, Err);
        (await QueryAsync(Rules, $"SELECT METHOD_CODE, CONNECTION_NO, RESULT, ROWS_COLLECTED, ATTEMPTS FROM T_BATCH_RESULT_0002 WHERE BATCH_BASE_TIME = '{BaseTime}' ORDER BY 2"))
            .Select(r => $"{r[0]} {r[1]} {r[2]} {r[3]} {r[4]}").Should().Equal(
                $"01 C1 SUCCESS {Orders + Items} 1", $"01 C2 SUCCESS {Events} 3", $"02 C3 SUCCESS {ApiItems} 2");
        (await QueryAsync(Rules, "SELECT METHOD_CODE, RESULT FROM T_BATCH_DATE_0001 ORDER BY 1")).Select(r => $"{r[0]} {r[1]}").Should().Equal("01 SUCCESS", "02 SUCCESS");
    }
}
