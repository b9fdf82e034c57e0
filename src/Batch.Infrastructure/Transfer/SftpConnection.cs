namespace Batch.Infrastructure.Transfer;

/// <summary>
/// An SFTP server and how to log in to it. The server's host key is checked against <see cref="HostKeySha256"/>
/// unless <see cref="AcceptAnyHostKey"/> is set (tests only: it lets anyone in the middle read the file).
/// </summary>
public sealed class SftpConnection
{
    /// <summary>The server's host name or address.</summary>
    public required string Host { get; init; }

    /// <summary>The server's port. Default 22.</summary>
    public int Port { get; init; } = 22;

    /// <summary>The user to log in as.</summary>
    public required string UserName { get; init; }

    /// <summary>A private key file (OpenSSH or PEM format) to log in with; tried before <see cref="Password"/>.</summary>
    public string? PrivateKeyPath { get; init; }

    /// <summary>The passphrase of <see cref="PrivateKeyPath"/>, if it has one.</summary>
    public string? PrivateKeyPassphrase { get; init; }

    /// <summary>A password to log in with.</summary>
    public string? Password { get; init; }

    /// <summary>
    /// The server's host key fingerprint as <c>ssh-keygen -l -E sha256 -f key.pub</c> prints it (<c>SHA256:…</c>, the
    /// prefix optional). A server that shows another key is refused.
    /// </summary>
    public string? HostKeySha256 { get; init; }

    /// <summary>Accepts any host key. Default false; for tests against a throw-away server only.</summary>
    public bool AcceptAnyHostKey { get; init; }

    /// <summary>The server as <c>sftp://user@host:port</c>, for messages.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"sftp://{UserName}@{Host}:{Port}";

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host) || string.IsNullOrWhiteSpace(UserName))
        {
            throw new ArgumentException("An SFTP connection needs a Host and a UserName.");
        }

        if (Port is < 1 or > 65535)
        {
            throw new ArgumentException($"The SFTP port {Port} is not between 1 and 65535.");
        }

        if (PrivateKeyPath is null && Password is null)
        {
            throw new ArgumentException($"The SFTP connection {this} has neither a PrivateKeyPath nor a Password to log in with.");
        }

        if (!AcceptAnyHostKey && string.IsNullOrWhiteSpace(HostKeySha256))
        {
            throw new ArgumentException(
                $"The SFTP connection {this} has no HostKeySha256: give the server's fingerprint (ssh-keygen -l -E sha256 -f /etc/ssh/ssh_host_ed25519_key.pub), so that a server in the middle is refused.");
        }
    }
}
