namespace Batch.Infrastructure.Transfer;

/// <summary>Timeouts and buffering of a <see cref="FileTransferTasklet"/>.</summary>
public sealed class FileTransferOptions
{
    /// <summary>
    /// How long to wait for a connection to the server (seed 001's connect timeout): the TCP connection of an HTTP request,
    /// the SSH connection and its handshake for SFTP. A server that accepts connections but never answers would otherwise
    /// leave the step waiting forever. Default 30 seconds.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long one read may wait for data (and an HTTP request for its response headers) before the transfer fails:
    /// a server that stops sending mid-file. Default 5 minutes.
    /// </summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The method of an upload to an HTTP destination: <c>PUT</c> (the default) or <c>POST</c>. The read timeout also bounds each write of the
    /// upload (a server that stops reading) and the wait for the answer once the whole file is sent.
    /// </summary>
    public string HttpUploadMethod { get; set; } = "PUT";

    /// <summary>The size of the copy buffer in bytes. Default 81,920.</summary>
    public int BufferSize { get; set; } = 81_920;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero, nameof(ConnectTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReadTimeout, TimeSpan.Zero, nameof(ReadTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(BufferSize, 1024, nameof(BufferSize));
        if (HttpUploadMethod is not ("PUT" or "POST"))
        {
            throw new ArgumentException($"HttpUploadMethod is '{HttpUploadMethod}': an upload is sent with PUT or POST.", nameof(HttpUploadMethod));
        }
    }
}
