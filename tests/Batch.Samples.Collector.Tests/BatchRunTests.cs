namespace Batch.Samples.Collector.Tests;

/// <summary>
/// The night of issue 16 on database sources: a permanent error fails one table, a second batchrun retries only it (the logs show
/// each attempt and its reason), after the structure is fixed the run completes, and the lake and the target hold every source row
/// exactly once; batchcheck and batchresult agree throughout.
/// </summary>
public sealed class BatchRunTests : CollectorNightFixture
{
    [Test]
    public async Task A_changed_table_fails_alone_is_retried_alone_and_after_the_fix_every_row_is_in_the_lake_and_the_target_once()
    {
        // First try: C1 succeeds, C2's table has lost a registered column.
        (await Run("batchrun", BaseTime, "01", "C1", "C2")).Should().Be(1, Err);
        Out.Should().Contain("C1/orders: SUCCESS").And.Contain("C1/items: SUCCESS").And.Contain("C2/events: FAILED");
        (await Run("batchcheck", BaseTime, "C1")).Should().Be(0, Out);
        (await Run("batchcheck", BaseTime, "C2")).Should().Be(1, Out);
        Out.Should().Contain("C2: FAILED").And.Contain("events FAILED");
        (await Run("batchcheck", BaseTime, "C1", "C2")).Should().Be(1);

        (await Run("batchresult", BaseTime, "01")).Should().Be(0, Err);
        (await QueryAsync(Rules, $"SELECT CONNECTION_NO, RESULT FROM T_BATCH_RESULT_0002 WHERE BATCH_BASE_TIME = '{BaseTime}' ORDER BY 1"))
            .Select(r => $"{r[0]}={r[1]}").Should().Equal("C1=SUCCESS", "C2=FAILED");

        // Second try, same arguments: only the failed table runs again, and fails again for the same reason.
        (await Run("batchrun", BaseTime, "01", "C1", "C2")).Should().Be(1, Err);
        var attempts = await QueryAsync(Rules,
            "SELECT CONNECTION_NO, TABLE_NAME, ATTEMPT_NO, STATUS, MESSAGE, JOB_EXECUTION_ID FROM T_BATCH_LOG_0002 ORDER BY CONNECTION_NO, TABLE_NAME, ATTEMPT_NO");
        attempts.Select(r => $"{r[0]}/{r[1]}#{r[2]} {r[3]}").Should().Equal(
            "C1/items#1 SUCCESS", "C1/orders#1 SUCCESS", "C2/events#1 FAILED", "C2/events#2 FAILED");
        attempts.Where(r => (string)r[0]! == "C2").Should().OnlyContain(r => ((string)r[4]!).Contains("structure changed") && ((string)r[4]!).Contains("payload"));
        attempts[2][5].Should().NotBe(attempts[3][5], "each batchrun is another execution of the same instance");
        (await CountAsync(Rules, "SELECT COUNT(DISTINCT JOB_INSTANCE_ID) FROM BATCH_JOB_EXECUTION")).Should().Be(1);

        // The structure is fixed: the third try completes.
        await ExecuteAsync(Source2, "ALTER TABLE events RENAME COLUMN body TO payload");
        (await Run("batchrun", BaseTime, "01", "C1", "C2")).Should().Be(0, Err + Out);
        (await Run("batchrun", BaseTime, "01", "C2", "C1")).Should().Be(0, "the same connections in another order are the same, complete run");
        Out.Should().Contain("already collected");

        (await QueryAsync(Rules, "SELECT TABLE_NAME, ATTEMPT_NO, STATUS FROM T_BATCH_LOG_0002 WHERE CONNECTION_NO = 'C2' ORDER BY ATTEMPT_NO"))
            .Select(r => $"{r[0]}#{r[1]} {r[2]}").Should().Equal("events#1 FAILED", "events#2 FAILED", "events#3 SUCCESS");
        (await QueryAsync(Rules, "SELECT CONNECTION_NO, STATUS, TABLES_TOTAL, TABLES_SUCCEEDED FROM T_BATCH_LOG_0001 ORDER BY LOG_ID"))
            .Select(r => $"{r[0]} {r[1]} {r[3]}/{r[2]}").Should().Equal(
                "C1 SUCCESS 2/2", "C2 FAILED 0/1", "C1 SUCCESS 2/2", "C2 FAILED 0/1", "C1 SUCCESS 2/2", "C2 SUCCESS 1/1");

        // Every source row is in the target and in the lake exactly once, with the same values.
        await ShouldHoldEveryRowOnceAsync("orders", "shop_orders", "id, customer, amount, created, paid", Orders);
        await ShouldHoldEveryRowOnceAsync("items", "shop_items", "id, name, qty, price, sku, picture", Items);
        await ShouldHoldEveryRowOnceAsync("events", "ev_events", "id, kind, payload, happened", Events, Source2);
        (await LakeAsync("SELECT count(*), count(DISTINCT id), min(\"date\")::VARCHAR FROM LAKE WHERE \"table\" = 'shop_orders'"))[0]
            .Should().Equal(Orders, Orders, "2026-12-01");

        // The verification values are kept under tmp/.
        File.Exists(Path.Combine(BaseDirectory, "tmp", BaseTime, "C1", "orders.json")).Should().BeTrue();
        ReadFile($"tmp/{BaseTime}/C2/events.json").Should().Contain($"\"rows\": {Events}");

        // batchcheck and batchresult agree.
        (await Run("batchcheck", BaseTime, "C1", "C2")).Should().Be(0, Out);
        (await Run("batchresult", BaseTime, "01")).Should().Be(0, Err);
        (await QueryAsync(Rules, $"SELECT CONNECTION_NO, RESULT, TABLES_SUCCEEDED, TABLES_TOTAL, ROWS_COLLECTED, ATTEMPTS FROM T_BATCH_RESULT_0002 WHERE BATCH_BASE_TIME = '{BaseTime}' ORDER BY 1"))
            .Select(r => $"{r[0]} {r[1]} {r[2]}/{r[3]} {r[4]} {r[5]}").Should().Equal($"C1 SUCCESS 2/2 {Orders + Items} 1", $"C2 SUCCESS 1/1 {Events} 3");
        (await QueryAsync(Rules, $"SELECT RESULT, CONNECTIONS_SUCCEEDED, TABLES_SUCCEEDED, ROWS_COLLECTED FROM T_BATCH_RESULT_0001 WHERE BATCH_BASE_TIME = '{BaseTime}'"))[0]
            .Should().Equal("SUCCESS", 2, 3, (long)(Orders + Items + Events));
        (await QueryAsync(Rules, "SELECT TABLE_NAME, RESULT, ATTEMPTS, SOURCE_ROWS, LAKE_ROWS, TARGET_ROWS FROM T_BATCH_RESULT_0003 WHERE CONNECTION_NO = 'C2'"))[0]
            .Should().Equal("events", "SUCCESS", 3, (long)Events, (long)Events, (long)Events);
        (await QueryAsync(Rules, "SELECT METHOD_CODE, BATCH_BASE_TIME, RESULT FROM T_BATCH_DATE_0001"))[0].Should().Equal("01", BaseTime, "SUCCESS");
    }

    [Test]
    public async Task The_framework_commands_see_the_collect_runs()
    {
        (await Run("batchrun", BaseTime, "01", "C1")).Should().Be(0, Err + Out);

        (await Run("list", "--job", "collect")).Should().Be(0, Err);
        Out.Should().Contain("collect").And.Contain("COMPLETED");
    }

    private async Task ShouldHoldEveryRowOnceAsync(string table, string target, string columns, int count, string? source = null)
    {
        var fromSource = (await QueryAsync(source ?? Source1, $"SELECT {columns} FROM {table} ORDER BY id")).Select(Text).ToList();
        var fromTarget = (await QueryAsync(Target, $"SELECT {columns} FROM {target} WHERE batch_base_time = '{BaseTime}' ORDER BY id")).Select(Text).ToList();
        fromSource.Should().HaveCount(count);
        fromTarget.Should().Equal(fromSource);
        (await CountAsync(Target, $"SELECT COUNT(*) FROM {target}")).Should().Be(count);
        var fromLake = await LakeAsync($"SELECT count(*), count(DISTINCT id), min(id), max(id) FROM LAKE WHERE \"table\" = '{target}'");
        fromLake[0].Should().Equal((long)count, (long)count, 1L, (long)count);
    }

    private static string Text(object?[] row) => string.Join("|", row.Select(v => v switch
    {
        null => "null",
        byte[] b => Convert.ToHexString(b),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => v.ToString(),
    }));
}
