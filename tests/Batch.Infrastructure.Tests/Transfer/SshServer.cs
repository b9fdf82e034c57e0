using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Batch.Infrastructure.Tests.Transfer;

/// <summary>
/// A throw-away OpenSSH server on a loopback port (installed by scripts/ensure-sshd.sh): its own sshd_config, host key
/// and authorized user key in a temporary folder, key authentication only, SFTP through internal-sftp. Stopped by Dispose.
/// A machine without sshd fails the tests loudly.
/// </summary>
internal sealed class SshServer : IDisposable
{
    private const string Sshd = "/usr/sbin/sshd";
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private SshServer(string folder, int port, string fingerprint, Process process)
    {
        Folder = folder;
        Port = port;
        HostKeySha256 = fingerprint;
        _process = process;
    }

    public string Folder { get; }

    public int Port { get; }

    /// <summary>The host key's fingerprint, as ssh-keygen prints it (SHA256:…).</summary>
    public string HostKeySha256 { get; }

    public string UserKeyPath => Path.Combine(Folder, "id_user");

    /// <summary>A folder the SFTP user can read and write, for the tests' files.</summary>
    public string Files => Path.Combine(Folder, "files");

    public static async Task<SshServer> StartAsync()
    {
        if (!File.Exists(Sshd))
        {
            Assert.Fail($"{Sshd} is missing: run scripts/ensure-sshd.sh (apt-get install openssh-server) before the SFTP tests.");
        }

        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "batch-sshd-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        Directory.CreateDirectory(Path.Combine(folder, "files"));
        Directory.CreateDirectory("/run/sshd"); // sshd's privilege separation folder
        await RunAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(folder, "host_ed25519"));
        await RunAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(folder, "id_user"));
        File.Copy(Path.Combine(folder, "id_user.pub"), Path.Combine(folder, "authorized_keys"));
        var fingerprint = (await RunAsync("ssh-keygen", "-l", "-E", "sha256", "-f", Path.Combine(folder, "host_ed25519.pub"))).Split(' ')[1];

        var port = FreePort();
        var config = Path.Combine(folder, "sshd_config");
        await File.WriteAllTextAsync(config, $"""
            Port {port}
            ListenAddress 127.0.0.1
            HostKey {folder}/host_ed25519
            PidFile {folder}/sshd.pid
            AuthorizedKeysFile {folder}/authorized_keys
            PermitRootLogin prohibit-password
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            StrictModes no
            Subsystem sftp internal-sftp
            LogLevel INFO

            """);

        var start = new ProcessStartInfo(Sshd) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-D", "-e", "-f", config })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var server = new SshServer(folder, port, fingerprint, process);
        process.ErrorDataReceived += (_, e) => { lock (server._log) { server._log.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        await server.WaitUntilListeningAsync();
        return server;
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task WaitUntilListeningAsync()
    {
        // a condition, not a duration: the server is up when it accepts a connection; the limit is only a guard
        var limit = Stopwatch.StartNew();
        while (limit.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                Assert.Fail($"sshd exited with code {_process.ExitCode} before it listened on 127.0.0.1:{Port}:\n{Log}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        Assert.Fail($"sshd did not listen on 127.0.0.1:{Port} within 60 s:\n{Log}");
    }

    private static async Task<string> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            Assert.Fail($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {error}");
        }

        return output.Trim();
    }
}
