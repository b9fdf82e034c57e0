namespace Batch.Infrastructure.Transfer;

/// <summary>What an endpoint needs while it runs: the options, the application's services and the clock.</summary>
internal sealed record TransferRun(FileTransferOptions Options, IServiceProvider Services, TimeProvider Time);
