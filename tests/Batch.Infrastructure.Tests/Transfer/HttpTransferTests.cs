using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Batch.Infrastructure.Transfer;
using Microsoft.Extensions.DependencyInjection;

namespace Batch.Infrastructure.Tests.Transfer;

public sealed class HttpTransferTests
{
    /// <summary>Small timeouts so that a hanging server fails quickly; the assertions only need "fails, eventually".</summary>
    private static readonly FileTransferOptions Short = new() { ConnectTimeout = TimeSpan.FromMilliseconds(500), ReadTimeout = TimeSpan.FromMilliseconds(500) };

    /// <summary>A generous guard: a test that hangs fails instead of blocking the run.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    private HttpFileServer _server = null!;
    private string _out = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await HttpFileServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [SetUp]
    public void SetUp() => _out = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "batch-http-" + Guid.NewGuid().ToString("N"))).FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_out, recursive: true);

    [Test]
    public async Task A_download_streams_the_body_into_the_final_name_and_records_its_checksum()
    {
        var bytes = RandomNumberGenerator.GetBytes(1_000_000);
        _server.Files["big.bin"] = bytes;
        await using var job = new TransferJob(new FileTransferTasklet(TransferEndpoint.Http(_server.Url("/files/big.bin")), TransferEndpoint.Local(_out, "big.bin")));

        var execution = await Guarded(job.StartAsync());

        execution.Status.Should().Be(BatchStatus.Completed);
        (await File.ReadAllBytesAsync(Path.Combine(_out, "big.bin"))).Should().Equal(bytes);
        var context = TransferJob.Step(execution).ExecutionContext;
        context.GetString(FileTransferTasklet.Sha256Key).Should().Be(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        context.GetLong(FileTransferTasklet.SizeKey).Should().Be(bytes.Length);
        context.GetString(FileTransferTasklet.SourceKey).Should().Be(_server.Url("/files/big.bin").ToString());
    }

    [Test]
    public async Task A_download_can_use_the_applications_http_client()
    {
        _server.Files["own.txt"] = "through the application's client"u8.ToArray();
        var counter = new CountingHandler { InnerHandler = new SocketsHttpHandler() };
        await using var job = new TransferJob(
            _ => new FileTransferTasklet(TransferEndpoint.Http(_server.Url("/files/own.txt"), sp => sp.GetRequiredService<HttpClient>()), TransferEndpoint.Local(_out, "own.txt")),
            services => services.AddSingleton(new HttpClient(counter)));

        var execution = await Guarded(job.StartAsync());

        execution.Status.Should().Be(BatchStatus.Completed);
        counter.Requests.Should().Be(1);
        (await File.ReadAllTextAsync(Path.Combine(_out, "own.txt"))).Should().Be("through the application's client");
    }

    [Test]
    public async Task A_missing_file_fails_with_the_status_and_the_url()
    {
        await using var job = new TransferJob(new FileTransferTasklet(TransferEndpoint.Http(_server.Url("/files/none.csv")), TransferEndpoint.Local(_out, "none.csv")));

        var failure = TransferJob.Failure(await Guarded(job.StartAsync()));

        failure.Should().BeOfType<ItemStreamException>().Which.Message.Should().Contain("404").And.Contain("/files/none.csv");
        Directory.GetFiles(_out).Should().BeEmpty();
    }

    [Test]
    public async Task A_server_that_never_answers_fails_the_step_with_a_timeout_error()
    {
        await using var job = new TransferJob(new FileTransferTasklet(TransferEndpoint.Http(_server.Url("/hang")), TransferEndpoint.Local(_out, "hang.bin"), Short));

        var failure = TransferJob.Failure(await Guarded(job.StartAsync()));

        failure.Should().BeOfType<ItemStreamException>().Which.Message.Should().Contain("/hang").And.Contain("did not answer");
        Directory.GetFiles(_out).Should().BeEmpty();
    }

    [Test]
    public async Task A_server_that_stops_sending_mid_file_fails_with_the_read_timeout_and_leaves_no_final_file()
    {
        await using var job = new TransferJob(new FileTransferTasklet(TransferEndpoint.Http(_server.Url("/stall")), TransferEndpoint.Local(_out, "stall.bin"), Short));

        var failure = TransferJob.Failure(await Guarded(job.StartAsync()));

        failure.Should().BeOfType<ItemStreamException>().Which.Message.Should().Contain("read timeout");
        Directory.GetFiles(_out).Should().BeEmpty("neither the final name nor the temporary file remains");
    }

    [Test]
    public async Task A_dropped_connection_leaves_no_final_file_and_the_restart_completes_it()
    {
        _server.Files["later.bin"] = RandomNumberGenerator.GetBytes(200_000);
        var url = _server.Url("/broken");
        await using var job = new TransferJob(_ => new FileTransferTasklet(TransferEndpoint.Http(url), TransferEndpoint.Local(_out, "later.bin")));

        var failed = await Guarded(job.StartAsync());
        TransferJob.Failure(failed).Should().BeOfType<ItemStreamException>();
        File.Exists(Path.Combine(_out, "later.bin")).Should().BeFalse();

        url = _server.Url("/files/later.bin");
        var restarted = await Guarded(job.RestartAsync(failed.Id));

        restarted.Status.Should().Be(BatchStatus.Completed);
        (await File.ReadAllBytesAsync(Path.Combine(_out, "later.bin"))).Should().Equal(_server.Files["later.bin"]);
    }

    [Test]
    public async Task An_unreachable_server_fails_the_step_naming_it()
    {
        var port = ClosedPort();
        var url = new Uri($"http://127.0.0.1:{port}/files/x.csv");
        await using var job = new TransferJob(new FileTransferTasklet(TransferEndpoint.Http(url), TransferEndpoint.Local(_out, "x.csv"), Short));

        var failure = TransferJob.Failure(await Guarded(job.StartAsync()));

        failure.Should().BeOfType<ItemStreamException>().Which.Message.Should().Contain($"127.0.0.1:{port}");
    }

    [TestCase("PUT")]
    [TestCase("POST")]
    public async Task An_upload_streams_the_file_in_one_request_and_records_its_checksum(string method)
    {
        var bytes = RandomNumberGenerator.GetBytes(3_000_000);
        await File.WriteAllBytesAsync(Path.Combine(_out, "up.bin"), bytes);
        await using var job = new TransferJob(new FileTransferTasklet(
            TransferEndpoint.Local(_out, "up.bin"), TransferEndpoint.Http(_server.Url("/uploads/up.bin")), new FileTransferOptions { HttpUploadMethod = method }));

        var execution = await Guarded(job.StartAsync());

        execution.Status.Should().Be(BatchStatus.Completed, execution.ExitStatus.ExitDescription);
        _server.Uploads["up.bin"].Should().Equal(bytes);
        var context = TransferJob.Step(execution).ExecutionContext;
        context.GetString(FileTransferTasklet.Sha256Key).Should().Be(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        context.GetString(FileTransferTasklet.DestinationKey).Should().Be(_server.Url("/uploads/up.bin").ToString());
    }

    [Test]
    public async Task An_upload_the_server_refuses_fails_with_its_status_and_the_url()
    {
        await File.WriteAllBytesAsync(Path.Combine(_out, "full.bin"), RandomNumberGenerator.GetBytes(100_000));
        var url = _server.Url("/uploads-refused/full.bin");
        await using var job = new TransferJob(new FileTransferTasklet(TransferEndpoint.Local(_out, "full.bin"), TransferEndpoint.Http(url)));

        var failure = TransferJob.Failure(await Guarded(job.StartAsync()));

        failure.Should().BeOfType<ItemStreamException>().Which.Message.Should().Contain("507").And.Contain(url.ToString()).And.Contain("did not store the file");
    }

    [Test]
    public async Task A_source_that_breaks_mid_file_aborts_the_upload_so_the_server_stores_nothing_and_the_restart_uploads_it_whole()
    {
        _server.Files["whole.bin"] = RandomNumberGenerator.GetBytes(200_000);
        var aborted = _server.AbortedUploads;
        var source = _server.Url("/half-then-drop/whole.bin"); // cut off once the upload has begun
        await using var job = new TransferJob(_ => new FileTransferTasklet(TransferEndpoint.Http(source), TransferEndpoint.Http(_server.Url("/uploads/whole.bin"))));

        var failed = await Guarded(job.StartAsync());

        TransferJob.Failure(failed).Should().BeOfType<ItemStreamException>();
        await WaitUntilAsync(() => _server.AbortedUploads > aborted);
        _server.Uploads.ContainsKey("whole.bin").Should().BeFalse("the request's body never ended");

        source = _server.Url("/files/whole.bin");
        var restarted = await Guarded(job.RestartAsync(failed.Id));

        restarted.Status.Should().Be(BatchStatus.Completed, restarted.ExitStatus.ExitDescription);
        _server.Uploads["whole.bin"].Should().Equal(_server.Files["whole.bin"]);
    }

    [Test]
    public async Task An_upload_to_a_server_that_stops_reading_fails_with_the_read_timeout()
    {
        // Far more than the server's request buffer and the loopback socket buffers hold, so a write must wait for the server.
        await File.WriteAllBytesAsync(Path.Combine(_out, "stalled.bin"), new byte[64_000_000]);
        await using var job = new TransferJob(new FileTransferTasklet(TransferEndpoint.Local(_out, "stalled.bin"), TransferEndpoint.Http(_server.Url("/uploads-stalled/stalled.bin")), Short));

        var failure = TransferJob.Failure(await Guarded(job.StartAsync()));

        failure.Should().BeOfType<ItemStreamException>().Which.Message.Should().Contain("stopped reading");
    }

    [Test]
    public async Task An_upload_to_an_unreachable_server_fails_naming_it()
    {
        await File.WriteAllTextAsync(Path.Combine(_out, "a.txt"), "a");
        var port = ClosedPort();
        await using var job = new TransferJob(new FileTransferTasklet(
            TransferEndpoint.Local(_out, "a.txt"), TransferEndpoint.Http(new Uri($"http://127.0.0.1:{port}/uploads/a.txt")), Short));

        var failure = TransferJob.Failure(await Guarded(job.StartAsync()));

        failure.Should().BeOfType<ItemStreamException>().Which.Message.Should().Contain($"127.0.0.1:{port}");
    }

    [Test]
    public void An_upload_method_other_than_put_or_post_is_refused()
    {
        var act = () => new FileTransferTasklet(TransferEndpoint.Local(_out, "a.txt"), TransferEndpoint.Http(_server.Url("/uploads/a.txt")), new FileTransferOptions { HttpUploadMethod = "PATCH" });

        act.Should().Throw<ArgumentException>().WithMessage("*PATCH*PUT or POST*");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Guard;
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the condition should hold well within the guard");
            await Task.Delay(20);
        }
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        public int Requests { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests++;
            return base.SendAsync(request, cancellationToken);
        }
    }

    internal static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static async Task<T> Guarded<T>(Task<T> task)
    {
        (await Task.WhenAny(task, Task.Delay(Guard))).Should().BeSameAs(task, "the transfer must end (here by failing) well within {0}", Guard);
        return await task;
    }
}
