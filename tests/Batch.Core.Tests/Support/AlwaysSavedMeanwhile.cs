using System.Reflection;
using System.Runtime.ExceptionServices;
using Batch.Repository;

namespace Batch.Core.Tests.Support;

/// <summary>A repository whose every end of a silent execution loses the race against its own process's save (as a live job's does).</summary>
public class AlwaysSavedMeanwhile : DispatchProxy
{
    private IJobRepository _inner = null!;

    public static IJobRepository Wrap(IJobRepository inner)
    {
        var proxy = Create<IJobRepository, AlwaysSavedMeanwhile>();
        ((AlwaysSavedMeanwhile)(object)proxy)._inner = inner;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IJobRepository.EndSilentJobExecutionAsync))
        {
            throw new OptimisticLockingFailureException("The job execution was saved by its process meanwhile.");
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
