using System.Data.Common;
using System.Reflection;

namespace Batch.Core.Tests.Support;

/// <summary>
/// An <see cref="IJobRepository"/> in front of another one whose writes of executions (and the status read before a job's end)
/// fail with a transient fault while <see cref="FailuresLeft"/> is above zero, as a database that went away would.
/// </summary>
public class FlakyRepository : DispatchProxy
{
    private static readonly HashSet<string> Faulted =
        [nameof(IJobRepository.UpdateJobExecutionAsync), nameof(IJobRepository.UpdateStepExecutionAsync), nameof(IJobRepository.SynchronizeStatusAsync)];

    private int _failuresLeft;

    private IJobRepository Inner { get; set; } = null!;

    /// <summary>How many more faulted calls fail.</summary>
    public int FailuresLeft
    {
        get => Volatile.Read(ref _failuresLeft);
        set => Volatile.Write(ref _failuresLeft, value);
    }

    /// <summary>The fault the next calls fail with; a transient <see cref="DbException"/> by default.</summary>
    public Func<Exception> Fault { get; set; } = () => new TransientDbException("57P03: the database system is shutting down");

    /// <summary>How many calls failed.</summary>
    public int Failed { get; private set; }

    public static (IJobRepository Repository, FlakyRepository Control) Wrap(IJobRepository inner)
    {
        var proxy = Create<IJobRepository, FlakyRepository>();
        var control = (FlakyRepository)(object)proxy;
        control.Inner = inner;
        return (proxy, control);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (Faulted.Contains(targetMethod.Name) && Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            Failed++;
#pragma warning disable CA2012 // returned as object through the proxy, awaited once by the caller
            return ValueTask.FromException(Fault());
#pragma warning restore CA2012
        }

        try
        {
            return targetMethod.Invoke(Inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }
}

/// <summary>A driver's exception that says it is transient (<see cref="DbException.IsTransient"/>), as Npgsql's do for a server that is going away.</summary>
public sealed class TransientDbException(string message) : DbException(message)
{
    public override bool IsTransient => true;
}
