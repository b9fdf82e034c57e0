using System.Net.Sockets;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Batch.Infrastructure.Transfer;

/// <summary>A file on an SFTP server (SSH.NET); written as <c>&lt;path&gt;.part</c>, then renamed over the final name.</summary>
internal sealed class SftpEndpoint : TransferEndpoint
{
    private readonly SftpConnection _connection;
    private readonly string _path;

    public SftpEndpoint(SftpConnection connection, string remotePath)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(remotePath);
        connection.Validate();
        _connection = connection;
        _path = remotePath;
    }

    public override string Location => $"{_connection}{(_path.StartsWith('/') ? string.Empty : "/")}{_path}";

    public override string FileName => _path[(_path.LastIndexOf('/') + 1)..];

    internal override async Task<OpenedSource> OpenReadAsync(TransferRun run, CancellationToken cancellationToken)
    {
        var client = await ConnectAsync(run, cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = await client.OpenAsync(_path, FileMode.Open, FileAccess.Read, cancellationToken).ConfigureAwait(false);
            return new OpenedSource(stream, client);
        }
        catch (SftpPathNotFoundException e)
        {
            client.Dispose();
            throw new ItemStreamException($"There is no file {Location}: check that it has arrived, then restart the job.", e);
        }
        catch (SftpPermissionDeniedException e)
        {
            client.Dispose();
            throw new ItemStreamException($"{_connection.UserName} may not read {Location}: fix the permissions on the server, then restart the job.", e);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    internal override async Task<OpenedTarget> CreateAsync(TransferRun run, CancellationToken cancellationToken)
    {
        var client = await ConnectAsync(run, cancellationToken).ConfigureAwait(false);
        var temp = _path + ".part";
        try
        {
            var stream = await client.OpenAsync(temp, FileMode.Create, FileAccess.Write, cancellationToken).ConfigureAwait(false);
            return new Target(client, stream, temp, _path);
        }
        catch (Exception e) when (e is SftpPathNotFoundException or SftpPermissionDeniedException)
        {
            client.Dispose();
            throw new ItemStreamException($"{Location}.part cannot be created ({e.Message}): check that the folder exists and {_connection.UserName} may write to it, then restart the job.", e);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private async Task<SftpClient> ConnectAsync(TransferRun run, CancellationToken cancellationToken)
    {
        var c = _connection;
        var methods = new List<AuthenticationMethod>();
        PrivateKeyFile? key = null;
        if (c.PrivateKeyPath is not null)
        {
            key = new PrivateKeyFile(c.PrivateKeyPath, c.PrivateKeyPassphrase);
            methods.Add(new PrivateKeyAuthenticationMethod(c.UserName, key));
        }

        if (c.Password is not null)
        {
            methods.Add(new PasswordAuthenticationMethod(c.UserName, c.Password));
        }

        var info = new ConnectionInfo(c.Host, c.Port, c.UserName, [.. methods]) { Timeout = run.Options.ConnectTimeout };
        var client = new SftpClient(info) { OperationTimeout = run.Options.ReadTimeout };
        string? refused = null;
        client.HostKeyReceived += (_, e) =>
        {
            e.CanTrust = c.AcceptAnyHostKey || FingerprintMatches(c.HostKeySha256!, e.FingerPrintSHA256);
            refused = e.CanTrust ? null : e.FingerPrintSHA256;
        };

        using var timeout = new CancellationTokenSource(run.Options.ConnectTimeout, run.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await client.ConnectAsync(linked.Token).ConfigureAwait(false);
            return client;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is OperationCanceledException or SshOperationTimeoutException)
        {
            client.Dispose();
            throw new ItemStreamException(
                $"Could not connect to {c} within the connect timeout of {run.Options.ConnectTimeout.TotalSeconds:0.###} s: check that the server is up and reachable " +
                "(a firewall that drops packets, or a server that accepts connections but does not answer, looks like this), then restart the job.", e);
        }
        catch (Exception e) when (refused is not null && e is SshConnectionException)
        {
            client.Dispose();
            throw new ItemStreamException(
                $"{c} showed the host key SHA256:{refused}, not the configured {c.HostKeySha256}: if the server's key was changed on purpose, configure the new fingerprint; otherwise someone may be in the middle.", e);
        }
        catch (SshAuthenticationException e)
        {
            client.Dispose();
            throw new ItemStreamException($"{c} refused the login of {c.UserName} ({e.Message}): check the key or password, then restart the job.", e);
        }
        catch (Exception e) when (e is SocketException or SshConnectionException or ProxyException)
        {
            client.Dispose();
            throw new ItemStreamException($"Could not connect to {c}: {e.Message} Check that the server is up and its address and port are right, then restart the job.", e);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        finally
        {
            key?.Dispose();
        }
    }

    private static bool FingerprintMatches(string expected, string actual)
    {
        var e = expected.Trim();
        if (e.StartsWith("SHA256:", StringComparison.OrdinalIgnoreCase))
        {
            e = e[7..];
        }

        return string.Equals(e.TrimEnd('='), actual.TrimEnd('='), StringComparison.Ordinal);
    }

    private sealed class Target(SftpClient client, Stream stream, string temp, string final) : OpenedTarget
    {
        private bool _committed;
        private bool _closed;

        public override Stream Stream => stream;

        public override async Task CommitAsync(CancellationToken cancellationToken)
        {
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            await stream.DisposeAsync().ConfigureAwait(false);
            _closed = true;
            if (await client.ExistsAsync(final, cancellationToken).ConfigureAwait(false))
            {
                await client.DeleteFileAsync(final, cancellationToken).ConfigureAwait(false);
            }

            await client.RenameFileAsync(temp, final, cancellationToken).ConfigureAwait(false);
            _committed = true;
        }

        public override async ValueTask DisposeAsync()
        {
            try
            {
                if (!_closed)
                {
                    await stream.DisposeAsync().ConfigureAwait(false);
                }

                if (!_committed && client.IsConnected)
                {
                    await client.DeleteFileAsync(temp, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is SshException or IOException or ObjectDisposedException)
            {
                // best effort: a temporary file left behind is overwritten by the next attempt
            }
            finally
            {
                client.Dispose();
            }
        }
    }
}
