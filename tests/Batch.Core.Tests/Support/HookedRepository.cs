using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Batch.Core.Tests.Support;

/// <summary>
/// An <see cref="IJobRepository"/> in front of another one that lets a test replace single methods by name: the hook gets the
/// call's arguments and the call to the real repository (to make, or not) and returns what the caller gets.
/// </summary>
public class HookedRepository : DispatchProxy
{
    private readonly Dictionary<string, Func<object?[], Func<object?>, object?>> _hooks = [];
    private IJobRepository _inner = null!;

    public static (IJobRepository Repository, HookedRepository Hooks) Wrap(IJobRepository inner)
    {
        var proxy = Create<IJobRepository, HookedRepository>();
        var hooks = (HookedRepository)(object)proxy;
        hooks._inner = inner;
        return (proxy, hooks);
    }

    /// <summary>Replaces the method <paramref name="name"/> (for example <c>nameof(IJobRepository.TouchJobExecutionAsync)</c>).</summary>
    public HookedRepository On(string name, Func<object?[], Func<object?>, object?> hook)
    {
        _hooks[name] = hook;
        return this;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        object? Real()
        {
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

        return _hooks.TryGetValue(targetMethod.Name, out var hook) ? hook(args ?? [], Real) : Real();
    }
}
