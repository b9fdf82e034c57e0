using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Batch.Core.Tests.Support;

/// <summary>An <see cref="IJobRepository"/> in front of another one that counts the heartbeats (<see cref="IJobRepository.TouchJobExecutionAsync"/>) sent through it.</summary>
public class TouchCounter : DispatchProxy
{
    private IJobRepository _inner = null!;
    private int _touches;

    /// <summary>How many heartbeats went through.</summary>
    public int Touches => Volatile.Read(ref _touches);

    public static (IJobRepository Repository, TouchCounter Counter) Wrap(IJobRepository inner)
    {
        var proxy = Create<IJobRepository, TouchCounter>();
        var counter = (TouchCounter)(object)proxy;
        counter._inner = inner;
        return (proxy, counter);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IJobRepository.TouchJobExecutionAsync))
        {
            Interlocked.Increment(ref _touches);
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
}
