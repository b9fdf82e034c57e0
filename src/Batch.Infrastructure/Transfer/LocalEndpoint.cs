using Batch.Infrastructure.Storage;

namespace Batch.Infrastructure.Transfer;

/// <summary>A file under a local base folder; written as <c>&lt;name&gt;.part</c> beside the final name, then renamed.</summary>
internal sealed class LocalEndpoint : TransferEndpoint
{
    private readonly BaseFolder _base;
    private readonly string _relative;

    public LocalEndpoint(string baseFolder, string relativePath)
    {
        _base = new BaseFolder(baseFolder, "transfer", "the baseFolder of TransferEndpoint.Local");
        _relative = relativePath;
        _base.Resolve(relativePath); // refuse a bad path when the step is built, not when it runs
    }

    public override string Location => Path.Combine(_base.Root, _relative);

    public override string FileName => Path.GetFileName(_relative);

    internal override Task<OpenedSource> OpenReadAsync(TransferRun run, CancellationToken cancellationToken)
    {
        var path = _base.Resolve(_relative);
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, run.Options.BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult(new OpenedSource(stream));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            throw new ItemStreamException($"The file to transfer, {path}, cannot be opened ({e.Message}): check that it has arrived and can be read, then restart the job.", e);
        }
    }

    internal override Task<OpenedTarget> CreateAsync(TransferRun run, CancellationToken cancellationToken)
    {
        var path = _base.Resolve(_relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = _base.Resolve(_relative + ".part");
        var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, run.Options.BufferSize, FileOptions.Asynchronous);
        return Task.FromResult<OpenedTarget>(new Target(stream, temp, path));
    }

    private sealed class Target(FileStream stream, string temp, string final) : OpenedTarget
    {
        private bool _committed;

        public override Stream Stream => stream;

        public override async Task CommitAsync(CancellationToken cancellationToken)
        {
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
            await stream.DisposeAsync().ConfigureAwait(false);
            File.Move(temp, final, overwrite: true);
            _committed = true;
        }

        public override async ValueTask DisposeAsync()
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            if (!_committed)
            {
                File.Delete(temp);
            }
        }
    }
}
