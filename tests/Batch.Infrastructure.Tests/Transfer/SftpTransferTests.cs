using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Batch.Infrastructure.Transfer;

namespace Batch.Infrastructure.Tests.Transfer;

/// <summary>Against a real OpenSSH server on loopback, started for these tests (see <see cref="SshServer"/>).</summary>
public sealed class SftpTransferTests
{
    private static readonly FileTransferOptions Short = new() { ConnectTimeout = TimeSpan.FromMilliseconds(500), ReadTimeout = TimeSpan.FromSeconds(30) };
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(90);

    private SshServer _ssh = null!;
    private string _local = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _ssh = await SshServer.StartAsync();

    [OneTimeTearDown]
    public void StopServer() => _ssh.Dispose();

    [SetUp]
    public void SetUp() => _local = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "batch-sftp-" + Guid.NewGuid().ToString("N"))).FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_local, recursive: true);

    private SftpConnection Connection(string? fingerprint = null, int? port = null) => new()
    {
        Host = "127.0.0.1",
        Port = port ?? _ssh.Port,
        UserName = Environment.UserName,
        PrivateKeyPath = _ssh.UserKeyPath,
        HostKeySha256 = fingerprint ?? _ssh.HostKeySha256,
    };

    [Test]
    public async Task A_file_is_downloaded_from_sftp_unchanged_with_its_checksum_recorded()
    {
        var bytes = RandomNumberGenerator.GetBytes(700_000);
        await File.WriteAllBytesAsync(Path.Combine(_ssh.Files, "down.bin"), bytes);
        await using var job = new TransferJob(new FileTransferTasklet(
            TransferEndpoint.Sftp(Connection(), Path.Combine(_ssh.Files, "down.bin")), TransferEndpoint.Local(_local, "down.bin")));

        var execution = await Guarded(job.StartAsync());

        execution.Status.Should().Be(BatchStatus.Completed, _ssh.Log);
        (await File.ReadAllBytesAsync(Path.Combine(_local, "down.bin"))).Should().Equal(bytes);
        TransferJob.Step(execution).ExecutionContext.GetString(FileTransferTasklet.Sha256Key).Should().Be(Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    [Test]
    public async Task An_upload_to_sftp_is_renamed_to_its_final_name_only_when_complete_replacing_a_leftover()
    {
        var bytes = RandomNumberGenerator.GetBytes(500_000);
        await File.WriteAllBytesAsync(Path.Combine(_local, "up.bin"), bytes);
        var remote = Path.Combine(_ssh.Files, "up.bin");
        await File.WriteAllTextAsync(remote + ".part", "left by a crashed attempt");
        await File.WriteAllTextAsync(remote, "yesterday's file");
        await using var job = new TransferJob(new FileTransferTasklet(TransferEndpoint.Local(_local, "up.bin"), TransferEndpoint.Sftp(Connection(), remote)));

        var execution = await Guarded(job.StartAsync());

        execution.Status.Should().Be(BatchStatus.Completed, _ssh.Log);
        (await File.ReadAllBytesAsync(remote)).Should().Equal(bytes);
        File.Exists(remote + ".part").Should().BeFalse();
        TransferJob.Step(execution).ExecutionContext.GetLong(FileTransferTasklet.SizeKey).Should().Be(bytes.Length);
    }

    [Test]
    public async Task A_missing_remote_file_fails_naming_it()
    {
        await using var job = new TransferJob(new FileTransferTasklet(
            TransferEndpoint.Sftp(Connection(), Path.Combine(_ssh.Files, "none.csv")), TransferEndpoint.Local(_local, "none.csv")));

        var failure = TransferJob.Failure(await Guarded(job.StartAsync()));

        failure.Should().BeOfType<ItemStreamException>().Which.Message.Should().Contain("none.csv").And.Contain("no file");
        Directory.GetFiles(_local).Should().BeEmpty();
    }

    [Test]
    public async Task A_server_with_another_host_key_is_refused()
    {
        await File.WriteAllTextAsync(Path.Combine(_ssh.Files, "k.txt"), "x");
        await using var job = new TransferJob(new FileTransferTasklet(
            TransferEndpoint.Sftp(Connection(fingerprint: "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), Path.Combine(_ssh.Files, "k.txt")),
            TransferEndpoint.Local(_local, "k.txt")));

        var failure = TransferJob.Failure(await Guarded(job.StartAsync()));

        failure.Should().BeOfType<ItemStreamException>().Which.Message.Should().Contain("host key");
    }

    [Test]
    public async Task A_server_that_accepts_the_connection_but_never_speaks_fails_with_the_connect_timeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(); // the kernel completes the handshake; nothing ever answers
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        await using var job = new TransferJob(new FileTransferTasklet(
            TransferEndpoint.Sftp(Connection(port: port), "/x.csv"), TransferEndpoint.Local(_local, "x.csv"), Short));

        var failure = TransferJob.Failure(await Guarded(job.StartAsync()));

        failure.Should().BeOfType<ItemStreamException>().Which.Message.Should().Contain("connect timeout").And.Contain($"127.0.0.1:{port}");
    }

    [Test]
    public async Task An_unreachable_server_fails_naming_it()
    {
        var port = HttpTransferTests.ClosedPort();
        await using var job = new TransferJob(new FileTransferTasklet(
            TransferEndpoint.Sftp(Connection(port: port), "/x.csv"), TransferEndpoint.Local(_local, "x.csv"), Short));

        var failure = TransferJob.Failure(await Guarded(job.StartAsync()));

        failure.Should().BeOfType<ItemStreamException>().Which.Message.Should().Contain($"127.0.0.1:{port}");
    }

    [Test]
    public void A_connection_without_a_host_key_fingerprint_is_refused()
    {
        var act = () => TransferEndpoint.Sftp(new SftpConnection { Host = "h", UserName = "u", Password = "p" }, "/x");

        act.Should().Throw<ArgumentException>().WithMessage("*HostKeySha256*");
    }

    private static async Task<T> Guarded<T>(Task<T> task)
    {
        (await Task.WhenAny(task, Task.Delay(Guard))).Should().BeSameAs(task, "the transfer must end within {0}", Guard);
        return await task;
    }
}
