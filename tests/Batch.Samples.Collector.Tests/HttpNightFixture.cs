namespace Batch.Samples.Collector.Tests;

/// <summary>
/// The night of issue 16 with its third kind of source: besides C1 (a healthy PostgreSQL source) and C2 (a table whose structure
/// changed), C3 is an HTTP API (code 02) on a local Kestrel server that fails every third request and hangs on a chosen one. Its
/// resource <c>v1/items</c> (<see cref="ApiItems"/> items, pages of 300, the chunk size) lands in <c>api_items</c>. The client's
/// attempt timeout is 2 s and its retries wait 10 ms, so a hang and the retries cost little; nothing is asserted on time.
/// </summary>
public abstract class HttpNightFixture : CollectorNightFixture
{
    protected const int ApiItems = 1000;
    protected const int ApiPageSize = 300;
    protected const string ApiColumns = "id, name, price, at, ok, note, day";

    internal NightApiServer Api { get; private set; } = null!;

    [SetUp]
    public async Task StartApi()
    {
        Api = await NightApiServer.StartAsync(ApiItems);
        await ExecuteAsync(Rules,
            "INSERT INTO T_COLLECT_CONN_0001 VALUES ('C3', '02', 'Items API', @url, 'Y');" +
            $"INSERT INTO T_COLLECT_TABLE_0001 VALUES ('C3', 'v1/items', '{ApiColumns}', 'id', 'api_items', 'Y');" +
            "INSERT INTO T_COLLECT_API_0001 (CONNECTION_NO, TABLE_NAME, PAGING_TYPE, PAGE_SIZE, COLUMN_TYPES) " +
            $"VALUES ('C3', 'v1/items', 'number', {ApiPageSize}, 'bigint, text, numeric(10,2), timestamp, boolean, text, date');",
            ("url", Api.BaseAddress.AbsoluteUri));
    }

    [TearDown]
    public async Task StopApi()
    {
        if (Api is not null)
        {
            await Api.DisposeAsync();
        }
    }

    /// <summary>The client's timeouts and retries, small (the same keys an operator sets in appsettings or the environment).</summary>
    protected override IEnumerable<KeyValuePair<string, string?>> HostSettings() =>
    [
        .. base.HostSettings(),
        .. HttpSettings.Select(s => new KeyValuePair<string, string?>(s.Key.Replace("__", ":", StringComparison.Ordinal), s.Value)),
    ];

    /// <summary>The client's settings as environment variables (for the example script).</summary>
    protected static IReadOnlyDictionary<string, string> HttpSettings { get; } = new Dictionary<string, string>
    {
        ["Collector__Http__AttemptTimeoutSeconds"] = "2",
        ["Collector__Http__TotalTimeoutSeconds"] = "60",
        ["Collector__Http__Retries"] = "3",
        ["Collector__Http__RetryDelayMilliseconds"] = "10",
    };
}
