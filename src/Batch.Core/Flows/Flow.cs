using Batch.Steps;

namespace Batch.Flows;

/// <summary>
/// A flow of states — steps, decisions and nested flows — joined by transitions on exit-code patterns, or a
/// split that runs several flows in parallel and joins them. Build a sequential flow with <see cref="FlowBuilder"/>
/// and a split with <see cref="Split"/>; run one as a job with <see cref="Jobs.JobBuilder.Flow(Flow)"/>.
/// </summary>
/// <remarks>
/// <para>After a state ends, its transitions are matched against its exit code, the most specific pattern first
/// (an exact code before <c>?</c> patterns before <c>*</c> patterns). When none matches, a state that completed goes
/// to its <c>Next</c> state if it has one; otherwise the flow ends with that state's status and exit status
/// (so a failed step fails the flow unless a transition handles <c>FAILED</c>). A decision whose outcome no
/// transition matches fails the flow. A step stopped on request always ends the flow STOPPED.</para>
/// <para>On a restart the flow runs again from its start: steps that completed are not run again but replay their
/// recorded exit status, so the flow follows the same transitions to the step that failed or stopped. A flow that
/// ended by a <c>StopAndRestart</c> transition resumes directly at the state that transition names.</para>
/// </remarks>
public sealed partial class Flow
{
    private readonly Dictionary<string, FlowState> _states;
    private readonly Dictionary<string, Transition[]> _transitions;
    private readonly Dictionary<string, string> _next;
    private readonly Flow[] _parallel;

    internal Flow(string name, string start, Dictionary<string, FlowState> states, Dictionary<string, Transition[]> transitions, Dictionary<string, string> next)
    {
        Name = name;
        Start = start;
        _states = states;
        _transitions = transitions;
        _next = next;
        _parallel = [];
    }

    private Flow(string name, Flow[] parallel)
    {
        Name = name;
        Start = string.Empty;
        _states = [];
        _transitions = [];
        _next = [];
        _parallel = parallel;
    }

    /// <summary>The flow's name (unique within its job: it keys the flow's restart point).</summary>
    public string Name { get; }

    /// <summary>True for a split (flows run in parallel).</summary>
    public bool IsSplit => _parallel.Length > 0;

    /// <summary>The flows of a split, or empty.</summary>
    public IReadOnlyList<Flow> ParallelFlows => _parallel;

    /// <summary>The names of the states, the start state first (empty for a split).</summary>
    public IReadOnlyList<string> StateNames => IsSplit ? [] : [Start, .. _states.Keys.Where(k => k != Start)];

    internal string Start { get; }

    /// <summary>
    /// A split: runs <paramref name="flows"/> in parallel, each on its own task, and ends when all have ended,
    /// with the most severe of their statuses and exit statuses (any failed flow fails the split). Use it as a
    /// state of another flow, or as a job's whole flow.
    /// </summary>
    /// <param name="name">The split's name.</param>
    /// <param name="flows">At least two flows, with distinct names and no step in common.</param>
    /// <returns>The split.</returns>
    /// <example>
    /// <code>
    /// var reports = Flow.Split("reports",
    ///     new FlowBuilder("daily").Start(dailyReport).Build(),
    ///     new FlowBuilder("monthly").Start(monthlyReport).Build());
    /// IJob job = new JobBuilder("statistics").Flow(f =&gt; f.Start(aggregate).Next(reports)).Build();
    /// </code>
    /// </example>
    public static Flow Split(string name, params IReadOnlyList<Flow> flows)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(flows);
        if (flows.Count < 2)
        {
            throw new ArgumentException($"Split '{name}' has {flows.Count} flow(s); a split runs at least two flows in parallel.", nameof(flows));
        }

        var duplicate = flows.GroupBy(f => f.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Split '{name}' has two flows named '{duplicate.Key}': give each flow its own name.", nameof(flows));
        }

        return new Flow(name, [.. flows]);
    }

    /// <summary>All steps in this flow and the flows inside it.</summary>
    internal IEnumerable<IStep> Steps() =>
        _parallel.SelectMany(f => f.Steps()).Concat(_states.Values.SelectMany(s => s switch
        {
            FlowState.Step step => [step.Inner],
            FlowState.Nested nested => nested.Flow.Steps(),
            _ => [],
        }));

    /// <summary>This flow and all flows inside it.</summary>
    internal IEnumerable<Flow> Flows() =>
        _parallel.SelectMany(f => f.Flows()).Concat(_states.Values.OfType<FlowState.Nested>().SelectMany(n => n.Flow.Flows())).Prepend(this);

    /// <inheritdoc />
    public override string ToString() => IsSplit ? $"Split '{Name}' of {string.Join(", ", _parallel.Select(f => f.Name))}" : $"Flow '{Name}'";
}
