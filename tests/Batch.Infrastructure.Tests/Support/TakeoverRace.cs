using System.Reflection;
using System.Runtime.ExceptionServices;
using Batch.Repository;

namespace Batch.Infrastructure.Tests.Support;

/// <summary>
/// Two launches racing to take over the same dead execution, arranged by the test and not by timing: each launch's repository is
/// wrapped (<see cref="Wrap"/>) so that <see cref="IJobRepository.EndSilentJobExecutionAsync"/> waits until both launches have read
/// the dead execution and reached that call, then both go at once. After it, the launch that lost waits with its one more launch
/// until the winner's launch is done, the order in which a real race reaches the database; the database settles who ends it.
/// </summary>
internal sealed class TakeoverRace
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(1);
    private readonly TaskCompletionSource _bothArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _winnerLaunched = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;
    private int _won;
    private int _lost;

    /// <summary>How many EndSilent calls saved (the takeovers).</summary>
    public int Won => Volatile.Read(ref _won);

    /// <summary>How many EndSilent calls saved nothing (false, or a VERSION conflict).</summary>
    public int Lost => Volatile.Read(ref _lost);

    /// <summary>The repository of one of the two launches.</summary>
    public IJobRepository Wrap(IJobRepository inner)
    {
        var proxy = DispatchProxy.Create<IJobRepository, Gate>();
        var gate = (Gate)(object)proxy;
        gate.Inner = inner;
        gate.Race = this;
        return proxy;
    }

    private async ValueTask<bool> EndSilentAsync(Gate gate, JobExecution execution, IReadOnlyCollection<StepExecution> steps, DateTimeOffset silentSince, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _arrived) == 2)
        {
            _bothArrived.TrySetResult();
        }

        await _bothArrived.Task.WaitAsync(Generous, cancellationToken);
        try
        {
            var saved = await gate.Inner.EndSilentJobExecutionAsync(execution, steps, silentSince, cancellationToken);
            gate.Outcome = saved ? Outcome.Won : Outcome.Lost;
            Interlocked.Increment(ref saved ? ref _won : ref _lost);
            return saved;
        }
        catch (OptimisticLockingFailureException)
        {
            gate.Outcome = Outcome.Lost;
            Interlocked.Increment(ref _lost);
            throw;
        }
    }

    private async ValueTask<JobExecution> CreateAsync(Gate gate, JobLaunchRequest request, CancellationToken cancellationToken)
    {
        switch (gate.Outcome)
        {
            case Outcome.Won:
                try
                {
                    return await gate.Inner.CreateJobExecutionAsync(request, cancellationToken);
                }
                finally
                {
                    _winnerLaunched.TrySetResult();
                }

            case Outcome.Lost:
                await _winnerLaunched.Task.WaitAsync(Generous, cancellationToken);
                break;
        }

        return await gate.Inner.CreateJobExecutionAsync(request, cancellationToken);
    }

    internal enum Outcome
    {
        NotYet,
        Won,
        Lost,
    }

    /// <summary>The proxy: EndSilent and the launches after it go through the race; everything else straight to the repository.</summary>
    public class Gate : DispatchProxy
    {
        internal IJobRepository Inner { get; set; } = null!;

        internal TakeoverRace Race { get; set; } = null!;

        internal Outcome Outcome { get; set; }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            ArgumentNullException.ThrowIfNull(args);
#pragma warning disable CA2012 // returned as object through the proxy, awaited once by the caller
            switch (targetMethod.Name)
            {
                case nameof(IJobRepository.EndSilentJobExecutionAsync):
                    return Race.EndSilentAsync(this, (JobExecution)args[0]!, (IReadOnlyCollection<StepExecution>)args[1]!, (DateTimeOffset)args[2]!, (CancellationToken)args[3]!);
                case nameof(IJobRepository.CreateJobExecutionAsync):
                    return Race.CreateAsync(this, (JobLaunchRequest)args[0]!, (CancellationToken)args[1]!);
            }
#pragma warning restore CA2012

            try
            {
                return targetMethod.Invoke(Inner, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }
        }
    }
}
