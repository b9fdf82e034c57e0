namespace Batch.Steps;

/// <summary>What every kind of step builder offers: listeners and restart and timeout settings, kept on the <see cref="StepBuilder"/> it came from.</summary>
/// <typeparam name="TBuilder">The builder itself, so calls chain.</typeparam>
public abstract class StepBuilderBase<TBuilder>
    where TBuilder : StepBuilderBase<TBuilder>
{
    private protected StepBuilderBase(StepBuilder parent)
    {
        Parent = parent;
    }

    /// <summary>The step builder holding the name and options.</summary>
    private protected StepBuilder Parent { get; }

    /// <summary>Adds a step listener and/or chunk listener (whichever interfaces the object implements).</summary>
    /// <param name="listener">The listener.</param>
    /// <returns>This builder.</returns>
    public virtual TBuilder Listener(object listener)
    {
        Parent.Listener(listener);
        return (TBuilder)this;
    }

    /// <summary>Lets the step run again on restart although it already completed.</summary>
    /// <param name="allow">Whether to allow it.</param>
    /// <returns>This builder.</returns>
    public TBuilder AllowStartIfComplete(bool allow = true)
    {
        Parent.AllowStartIfComplete(allow);
        return (TBuilder)this;
    }

    /// <summary>Limits how many times the step may be started within one job instance.</summary>
    /// <param name="limit">The limit (at least 1).</param>
    /// <returns>This builder.</returns>
    public TBuilder StartLimit(int limit)
    {
        Parent.StartLimit(limit);
        return (TBuilder)this;
    }

    /// <summary>Fails an execution of the step that runs longer than <paramref name="timeout"/> (see <see cref="StepOptions.Timeout"/>).</summary>
    /// <param name="timeout">The longest an execution may run.</param>
    /// <returns>This builder.</returns>
    public TBuilder Timeout(TimeSpan timeout)
    {
        Parent.Timeout(timeout);
        return (TBuilder)this;
    }
}
