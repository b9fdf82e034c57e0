namespace Batch.Steps;

/// <summary>Builds a <see cref="TaskletStep"/>.</summary>
public sealed class TaskletStepBuilder
{
    private readonly StepBuilder _parent;
    private readonly Func<StepContext, ITasklet> _factory;

    internal TaskletStepBuilder(StepBuilder parent, Func<StepContext, ITasklet> factory)
    {
        _parent = parent;
        _factory = factory;
    }

    /// <summary>Adds a step listener and/or chunk listener.</summary>
    /// <param name="listener">The listener.</param>
    /// <returns>This builder.</returns>
    public TaskletStepBuilder Listener(object listener)
    {
        _parent.Listener(listener);
        return this;
    }

    /// <summary>Lets the step run again on restart although it already completed.</summary>
    /// <param name="allow">Whether to allow it.</param>
    /// <returns>This builder.</returns>
    public TaskletStepBuilder AllowStartIfComplete(bool allow = true)
    {
        _parent.AllowStartIfComplete(allow);
        return this;
    }

    /// <summary>Limits how many times the step may be started within one job instance.</summary>
    /// <param name="limit">The limit.</param>
    /// <returns>This builder.</returns>
    public TaskletStepBuilder StartLimit(int limit)
    {
        _parent.StartLimit(limit);
        return this;
    }

    /// <summary>Fails an execution of the step that runs longer than <paramref name="timeout"/> (see <see cref="StepOptions.Timeout"/>).</summary>
    /// <param name="timeout">The longest an execution may run.</param>
    /// <returns>This builder.</returns>
    public TaskletStepBuilder Timeout(TimeSpan timeout)
    {
        _parent.Timeout(timeout);
        return this;
    }

    /// <summary>Builds the step.</summary>
    /// <returns>The step.</returns>
    public TaskletStep Build() => new(_parent.Name, _factory, _parent.Options);
}
