using Microsoft.EntityFrameworkCore;
using Samples.Pass;
using Samples.Pass.Web;

namespace Batch.Samples.Tests.Pass.Web;

/// <summary>
/// A sample host on a database of its own (SQLite or PostgreSQL, <see cref="PassHostFixture"/>) filled with <see cref="PassTestData"/>,
/// and the pass web server on it, on a free port of 127.0.0.1, with the admin key <see cref="AdminKey"/>.
/// </summary>
public abstract class PassWebFixture(PassBackend backend) : PassHostFixture(backend)
{
    public const string AdminKey = "a-long-random-admin-key-for-the-tests";

    private RunningPassWeb? _web;

    /// <summary>Where the web server listens.</summary>
    protected Uri BaseUri => _web!.BaseUri;

    /// <summary>A client of the web server, without the admin key.</summary>
    protected HttpClient Http { get; private set; } = null!;

    [SetUp]
    public async Task StartWeb()
    {
        await PassTestData.InsertAsync(Database);
        _web = await StartWebAsync(AdminKey);
        Http = new HttpClient { BaseAddress = _web.BaseUri };
    }

    [TearDown]
    public async Task StopWeb()
    {
        Http.Dispose();
        if (_web is not null)
        {
            await _web.DisposeAsync();
            _web = null;
        }
    }

    /// <summary>Another server on the same database (dispose it), with the given admin key or none.</summary>
    private protected Task<RunningPassWeb> StartWebAsync(string? adminKey) =>
        PassWebServer.StartAsync(Database, new PassWebOptions { Url = "http://127.0.0.1:0", AdminKey = adminKey }, null, CancellationToken.None);

    /// <summary>How many bulk passes and passes the tables hold.</summary>
    protected async Task<(int BulkPasses, int Passes)> CountRowsAsync()
    {
        await using var db = Database.CreateContext();
        return (await db.BulkPasses.CountAsync(), await db.Passes.CountAsync());
    }

    /// <summary>A request with the admin key.</summary>
    protected static HttpRequestMessage WithKey(HttpMethod method, string path, string key = AdminKey)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Admin-Key", key);
        return request;
    }
}
