using Batch.Jobs;

namespace Batch.Flows;

/// <summary>The last stage of building a flow job: <see cref="Build"/>. Returned by <see cref="JobBuilder.Flow(Flow)"/>.</summary>
public sealed class FlowJobBuilder
{
    private readonly string _name;
    private readonly Flow _flow;
    private readonly JobOptions _options;

    internal FlowJobBuilder(string name, Flow flow, JobOptions options)
    {
        _name = name;
        _flow = flow;
        _options = options;
    }

    /// <summary>Builds the job.</summary>
    /// <returns>The job.</returns>
    public FlowJob Build() => new(_name, _flow, _options);
}
