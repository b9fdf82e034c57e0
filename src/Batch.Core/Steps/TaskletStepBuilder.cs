namespace Batch.Steps;

/// <summary>Builds a <see cref="TaskletStep"/>.</summary>
public sealed class TaskletStepBuilder : StepBuilderBase<TaskletStepBuilder>
{
    private readonly Func<StepContext, ITasklet> _factory;

    internal TaskletStepBuilder(StepBuilder parent, Func<StepContext, ITasklet> factory)
        : base(parent)
    {
        _factory = factory;
    }

    /// <summary>Builds the step.</summary>
    /// <returns>The step.</returns>
    public TaskletStep Build() => new(Parent.Name, _factory, Parent.Options);
}
