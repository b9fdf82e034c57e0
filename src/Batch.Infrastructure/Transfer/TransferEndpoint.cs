namespace Batch.Infrastructure.Transfer;

/// <summary>
/// Where a <see cref="FileTransferTasklet"/> reads a file from or writes it to: a local folder, an HTTP URL or an SFTP server.
/// Create one with <see cref="Local"/>, <see cref="Http(Uri, Func{IServiceProvider, HttpClient}?)"/> or <see cref="Sftp"/>.
/// </summary>
public abstract class TransferEndpoint
{
    private protected TransferEndpoint()
    {
    }

    /// <summary>Where the endpoint points, for logs and the step's context (never holds a password).</summary>
    public abstract string Location { get; }

    /// <summary>The file's name at this endpoint (its last path segment).</summary>
    public abstract string FileName { get; }

    /// <summary>A file in a local folder: the path is relative to <paramref name="baseFolder"/> and may not leave it (no <c>..</c>, no link that points outside).</summary>
    /// <param name="baseFolder">An absolute folder, such as the warehouse's <c>BaseFolder</c>.</param>
    /// <param name="relativePath">The file's path under it.</param>
    /// <returns>The endpoint.</returns>
    public static TransferEndpoint Local(string baseFolder, string relativePath) => new LocalEndpoint(baseFolder, relativePath);

    /// <summary>
    /// An HTTP(S) URL: as a source, downloaded with GET; as a destination, uploaded with one request (<see cref="FileTransferOptions.HttpUploadMethod"/>,
    /// PUT by default, <c>application/octet-stream</c>, chunked) whose body is streamed as the source is read. A 2xx answer completes the
    /// transfer; a failure mid-file aborts the request, so the body never ends and a server stores nothing of it (servers discard a
    /// request body that was cut off); any other answer fails the step.
    /// </summary>
    /// <param name="url">The absolute URL.</param>
    /// <param name="client">
    /// Returns the client to use, for example <c>sp =&gt; sp.GetRequiredService&lt;IHttpClientFactory&gt;().CreateClient("partner")</c>
    /// (its handler's connect timeout then applies); null for a client of the transfer's own, whose connect timeout is
    /// <see cref="FileTransferOptions.ConnectTimeout"/>.
    /// </param>
    /// <returns>The endpoint.</returns>
    public static TransferEndpoint Http(Uri url, Func<IServiceProvider, HttpClient>? client = null) => new HttpEndpoint(url, client);

    /// <summary>A file on an SFTP server.</summary>
    /// <param name="connection">The server and the credentials.</param>
    /// <param name="remotePath">The file's path on the server.</param>
    /// <returns>The endpoint.</returns>
    public static TransferEndpoint Sftp(SftpConnection connection, string remotePath) => new SftpEndpoint(connection, remotePath);

    /// <inheritdoc />
    public override string ToString() => Location;

    internal abstract Task<OpenedSource> OpenReadAsync(TransferRun run, CancellationToken cancellationToken);

    internal abstract Task<OpenedTarget> CreateAsync(TransferRun run, CancellationToken cancellationToken);
}
