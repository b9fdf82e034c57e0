namespace Batch.Samples.Collector.Tests;

/// <summary>Code 02 through datalake.json's proxy, and its registry and proxy checked before anything is written.</summary>
public sealed class HttpSourceTests : HttpNightFixture
{
    [Test]
    public async Task With_a_proxy_set_every_api_request_goes_through_it()
    {
        // The API's registered host does not exist; the proxy (the test server, which takes absolute-form targets) answers for it.
        Api.FailEvery = 0;
        await ExecuteAsync(Rules, "UPDATE T_COLLECT_CONN_0001 SET CONNECTION_STRING = 'http://collector-api.invalid/' WHERE CONNECTION_NO = 'C3'");
        WriteDatalake(Target, proxy: Api.BaseAddress.AbsoluteUri);

        (await Run("batchrun", BaseTime, "02", "C3")).Should().Be(0, Err + Out);

        Api.Requests.Should().NotBeEmpty().And.OnlyContain(r => r.Target.StartsWith("http://collector-api.invalid/v1/items?", StringComparison.Ordinal));
        (await CountAsync(Target, "SELECT COUNT(*) FROM api_items")).Should().Be(ApiItems);
    }

    [Test]
    public async Task Without_a_proxy_the_api_is_asked_directly()
    {
        Api.FailEvery = 0;

        (await Run("batchrun", BaseTime, "02", "C3")).Should().Be(0, Err + Out);

        Api.Requests.Should().NotBeEmpty().And.OnlyContain(r => r.Target.StartsWith("/v1/items?", StringComparison.Ordinal));
    }

    [Test]
    public async Task An_api_resource_without_paging_is_refused_naming_it_before_anything_is_written()
    {
        await ExecuteAsync(Rules, "DELETE FROM T_COLLECT_API_0001");

        (await Run("batchrun", BaseTime, "02", "C3")).Should().Be(2);

        Err.Should().Contain("C3/v1/items").And.Contain("T_COLLECT_API_0001");
        await NothingWasWrittenAsync();
        Api.Requests.Should().BeEmpty();
    }

    [TestCase("UPDATE T_COLLECT_CONN_0001 SET CONNECTION_STRING = 'ftp://api.example/' WHERE CONNECTION_NO = 'C3'", "CONNECTION_STRING 'ftp://api.example/'")]
    [TestCase("UPDATE T_COLLECT_API_0001 SET COLUMN_TYPES = 'bigint, text, money, timestamp, boolean, text, date'", "COLUMN_TYPES 'money' of column price")]
    [TestCase("UPDATE T_COLLECT_TABLE_0001 SET TARGET_TABLE = 'api items' WHERE CONNECTION_NO = 'C3'", "TARGET_TABLE 'api items'")]
    public async Task A_bad_api_registry_entry_is_refused_naming_it_before_anything_is_written(string change, string named)
    {
        await ExecuteAsync(Rules, change);

        (await Run("batchrun", BaseTime, "02", "C3")).Should().Be(2);

        Err.Should().Contain(named);
        await NothingWasWrittenAsync();
    }

    [Test]
    public async Task A_proxy_that_is_not_an_http_url_is_refused_before_anything_is_written()
    {
        WriteDatalake(Target, proxy: "socks5://127.0.0.1:1080");

        (await Run("batchrun", BaseTime, "02", "C3")).Should().Be(2);

        Err.Should().Contain("proxy 'socks5://127.0.0.1:1080'");
        await NothingWasWrittenAsync();
        Api.Requests.Should().BeEmpty();
    }
}
