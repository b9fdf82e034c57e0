using System.Security.Cryptography;
using Batch.Steps;
using Microsoft.Extensions.Logging;

namespace Batch.Infrastructure.Transfer;

/// <summary>
/// Seed 001's direct transfer: streams one file, unchanged, from a source to a destination (a local folder, HTTP, SFTP),
/// with a connect timeout (default 30 s) and a read timeout. The destination is written under a temporary name
/// (<c>&lt;name&gt;.part</c>) and renamed when the whole file is there, so its final name never holds part of a file: a
/// crash leaves at most the temporary file, which the restarted step overwrites. When it is done, the file's name, size
/// and SHA-256 are in the step's context (<see cref="NameKey"/>, <see cref="SizeKey"/>, <see cref="Sha256Key"/>) and the log.
/// A server that cannot be reached, does not answer in time or refuses the file fails the step with an
/// <see cref="ItemStreamException"/> that names it; the step can be restarted.
/// </summary>
/// <example>
/// <code>
/// var sftp = new SftpConnection { Host = "partner.example", UserName = "batch", PrivateKeyPath = "/etc/batch/id_ed25519", HostKeySha256 = "SHA256:…" };
/// IStep fetch = new StepBuilder("fetch")
///     .Tasklet(new FileTransferTasklet(
///         TransferEndpoint.Sftp(sftp, "/out/sales.csv"),
///         TransferEndpoint.Local("/var/batch/warehouse", "received/sales.csv")))
///     .Build();
/// </code>
/// </example>
public sealed class FileTransferTasklet : ITasklet
{
    /// <summary>The context key of the file's name at the destination.</summary>
    public const string NameKey = "transfer.name";

    /// <summary>The context key of the file's size in bytes.</summary>
    public const string SizeKey = "transfer.size";

    /// <summary>The context key of the file's SHA-256, lower-case hexadecimal.</summary>
    public const string Sha256Key = "transfer.sha256";

    /// <summary>The context key of the source's location.</summary>
    public const string SourceKey = "transfer.source";

    /// <summary>The context key of the destination's location.</summary>
    public const string DestinationKey = "transfer.destination";

    private readonly TransferEndpoint _source;
    private readonly TransferEndpoint _destination;
    private readonly FileTransferOptions _options;

    /// <summary>Creates the tasklet.</summary>
    /// <param name="source">Where the file is read.</param>
    /// <param name="destination">Where it is written.</param>
    /// <param name="options">Timeouts and buffer size; defaults when null.</param>
    public FileTransferTasklet(TransferEndpoint source, TransferEndpoint destination, FileTransferOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        _options = options ?? new FileTransferOptions();
        _options.Validate();
        _source = source;
        _destination = destination;
    }

    /// <inheritdoc />
    public async ValueTask<RepeatStatus> ExecuteAsync(TaskletContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var logger = context.Step.LoggerFactory.CreateLogger<FileTransferTasklet>();
        var run = new TransferRun(_options, context.Step.Services, context.Step.TimeProvider);
        TransferLog.Starting(logger, _source.Location, _destination.Location);
        var (size, sha256) = await CopyAsync(run, cancellationToken).ConfigureAwait(false);

        var executionContext = context.ExecutionContext;
        executionContext.Put(NameKey, _destination.FileName);
        executionContext.Put(SizeKey, size);
        executionContext.Put(Sha256Key, sha256);
        executionContext.Put(SourceKey, _source.Location);
        executionContext.Put(DestinationKey, _destination.Location);
        TransferLog.Transferred(logger, _destination.FileName, _source.Location, _destination.Location, size, sha256);
        return RepeatStatus.Finished;
    }

    private async Task<(long Size, string Sha256)> CopyAsync(TransferRun run, CancellationToken cancellationToken)
    {
        var input = await _source.OpenReadAsync(run, cancellationToken).ConfigureAwait(false);
        await using (input.ConfigureAwait(false))
        {
            var output = await _destination.CreateAsync(run, cancellationToken).ConfigureAwait(false);
            await using (output.ConfigureAwait(false))
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[_options.BufferSize];
                long size = 0;
                while (true)
                {
                    var read = await ReadAsync(input.Stream, buffer, run, cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    hash.AppendData(buffer, 0, read);
                    await WriteAsync(() => output.Stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).AsTask(), cancellationToken).ConfigureAwait(false);
                    size += read;
                }

                await WriteAsync(() => output.CommitAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
                return (size, Convert.ToHexStringLower(hash.GetHashAndReset()));
            }
        }
    }

    private async Task WriteAsync(Func<Task> write, CancellationToken cancellationToken)
    {
        try
        {
            await write().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Renci.SshNet.Common.SshException && !cancellationToken.IsCancellationRequested)
        {
            throw new ItemStreamException(
                $"Writing {_destination.Location} failed: {e.Message} Check the destination (space, permissions, the server), then restart the job (its final name was not written).", e);
        }
    }

    private async Task<int> ReadAsync(Stream stream, byte[] buffer, TransferRun run, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ReadTimeout, run.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await stream.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ItemStreamException(
                $"{_source.Location} sent nothing for the read timeout of {_options.ReadTimeout.TotalSeconds:0.###} s: check that the server is up, then restart the job (the destination's final name was not written).", e);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or Renci.SshNet.Common.SshException && !cancellationToken.IsCancellationRequested)
        {
            throw new ItemStreamException(
                $"Reading {_source.Location} failed: {e.Message} Restart the job once the source is available again (the destination's final name was not written).", e);
        }
    }
}
