using System.Reflection;
using System.Runtime.ExceptionServices;
using Batch.Repository;

namespace Batch.Infrastructure.CrashHost;

/// <summary>A job repository that forwards everything to the real one and lets the host wrap each chunk transaction (numbered from 1).</summary>
internal class RepositoryInterceptor : DispatchProxy
{
    private IJobRepository _inner = null!;
    private Func<IChunkTransaction, int, IChunkTransaction> _wrap = null!;
    private int _chunks;

    public static IJobRepository Wrap(IJobRepository inner, Func<IChunkTransaction, int, IChunkTransaction> wrap)
    {
        var proxy = Create<IJobRepository, RepositoryInterceptor>();
        var interceptor = (RepositoryInterceptor)(object)proxy;
        interceptor._inner = inner;
        interceptor._wrap = wrap;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod!.Name == nameof(IJobRepository.BeginChunkAsync))
        {
            return BeginAsync((StepExecution)args![0]!, (CancellationToken)args[1]!);
        }

        if (targetMethod.Name == nameof(IJobRepository.OpenChunkSessionAsync))
        {
            return OpenSessionAsync((StepExecution)args![0]!, (CancellationToken)args[1]!);
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }

    private async ValueTask<IChunkTransaction> BeginAsync(StepExecution step, CancellationToken cancellationToken) =>
        _wrap(await _inner.BeginChunkAsync(step, cancellationToken), Interlocked.Increment(ref _chunks));

    private async ValueTask<IChunkSession> OpenSessionAsync(StepExecution step, CancellationToken cancellationToken) =>
        new Session(await _inner.OpenChunkSessionAsync(step, cancellationToken), this);

    /// <summary>The real repository's session (one connection for the step), with each of its chunk transactions wrapped.</summary>
    private sealed class Session(IChunkSession inner, RepositoryInterceptor interceptor) : IChunkSession
    {
        public async ValueTask<IChunkTransaction> BeginChunkAsync(CancellationToken cancellationToken) =>
            interceptor._wrap(await inner.BeginChunkAsync(cancellationToken), Interlocked.Increment(ref interceptor._chunks));

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
