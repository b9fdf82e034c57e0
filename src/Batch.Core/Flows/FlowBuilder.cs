using Batch.Steps;

namespace Batch.Flows;

/// <summary>
/// Builds a <see cref="Flow"/> in Spring Batch's vocabulary. <c>Start</c>, <c>Next</c> and <c>From</c> choose the
/// state that the following <c>On(pattern)</c> calls configure; a transition's <c>To</c> does not move it, so
/// several <c>On</c> calls in a row all leave the same state.
/// </summary>
/// <example>
/// <code>
/// IJob job = new JobBuilder("import-sales")
///     .Flow(flow =&gt; flow
///         .Start(load)
///             .On("FAILED").To(notifyOperators)
///             .On("COMPLETED WITH SKIPS").To(reportSkips)
///             .On("*").To(publish)
///         .From(notifyOperators).On("*").Fail()
///         .From(reportSkips).Next(publish)
///         .From(publish).On("NO DATA").StopAndRestart(publish)
///                       .On("*").End())
///     .Build();
/// </code>
/// </example>
public sealed class FlowBuilder
{
    private readonly Dictionary<object, string> _names = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, FlowState> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Transition>> _transitions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _next = new(StringComparer.Ordinal);
    private string? _start;
    private string? _current;

    /// <summary>Starts building a flow.</summary>
    /// <param name="name">The flow's name, unique within its job.</param>
    public FlowBuilder(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The flow's name.</summary>
    public string Name { get; }

    /// <summary>Starts the flow with a step.</summary>
    /// <param name="step">The step.</param>
    /// <returns>This builder.</returns>
    public FlowBuilder Start(IStep step) => StartWith(StateOf(step));

    /// <summary>Starts the flow with a nested flow or a split.</summary>
    /// <param name="flow">The flow.</param>
    /// <returns>This builder.</returns>
    public FlowBuilder Start(Flow flow) => StartWith(StateOf(flow));

    /// <summary>Starts the flow with a decision.</summary>
    /// <param name="decider">The decider.</param>
    /// <param name="name">The decision's name (default: the decider's type name).</param>
    /// <returns>This builder.</returns>
    public FlowBuilder Start(IJobExecutionDecider decider, string? name = null) => StartWith(StateOf(decider, name));

    /// <summary>Goes to a step when the current state completes and none of its transitions matches.</summary>
    /// <param name="step">The step; it becomes the current state.</param>
    /// <returns>This builder.</returns>
    public FlowBuilder Next(IStep step) => NextTo(StateOf(step));

    /// <summary>Goes to a nested flow or a split when the current state completes and none of its transitions matches.</summary>
    /// <param name="flow">The flow; it becomes the current state.</param>
    /// <returns>This builder.</returns>
    public FlowBuilder Next(Flow flow) => NextTo(StateOf(flow));

    /// <summary>Goes to a decision when the current state completes and none of its transitions matches.</summary>
    /// <param name="decider">The decider; it becomes the current state.</param>
    /// <param name="name">The decision's name (default: the decider's type name).</param>
    /// <returns>This builder.</returns>
    public FlowBuilder Next(IJobExecutionDecider decider, string? name = null) => NextTo(StateOf(decider, name));

    /// <summary>Makes a step (added to the flow if new) the current state, to give it transitions.</summary>
    /// <param name="step">The step.</param>
    /// <returns>This builder.</returns>
    public FlowBuilder From(IStep step) => FromState(StateOf(step));

    /// <summary>Makes a nested flow (added if new) the current state.</summary>
    /// <param name="flow">The flow.</param>
    /// <returns>This builder.</returns>
    public FlowBuilder From(Flow flow) => FromState(StateOf(flow));

    /// <summary>Makes a decision (added if new) the current state.</summary>
    /// <param name="decider">The decider.</param>
    /// <param name="name">The decision's name (default: the decider's type name, or the name it was added with).</param>
    /// <returns>This builder.</returns>
    public FlowBuilder From(IJobExecutionDecider decider, string? name = null) => FromState(StateOf(decider, name));

    /// <summary>Starts a transition out of the current state, taken when its exit code matches <paramref name="pattern"/>.</summary>
    /// <param name="pattern">An exit code, with <c>*</c> for any run of characters and <c>?</c> for one character (for example <c>FAILED</c>, <c>COMPLETED*</c>, <c>*</c>).</param>
    /// <returns>The transition builder.</returns>
    public FlowTransitionBuilder On(string pattern)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        var from = _current ?? throw new InvalidOperationException($"Flow '{Name}' has no state yet: call .Start(...) before .On(\"{pattern}\").");
        return new FlowTransitionBuilder(this, from, pattern);
    }

    /// <summary>Builds the flow.</summary>
    /// <returns>The flow.</returns>
    /// <exception cref="InvalidOperationException">The flow has no start state.</exception>
    public Flow Build()
    {
        var start = _start ?? throw new InvalidOperationException($"Flow '{Name}' has no states: start it with .Start(step).");
        var transitions = _transitions.ToDictionary(
            kv => kv.Key,
            kv => kv.Value.Order(Comparer<Transition>.Create(Transition.CompareSpecificity)).ToArray(),
            StringComparer.Ordinal);
        return new Flow(Name, start, new(_states, StringComparer.Ordinal), transitions, new(_next, StringComparer.Ordinal));
    }

    internal string StateOf(IStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return Add(step, step.Name, () => new FlowState.Step(step));
    }

    internal string StateOf(Flow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return Add(flow, flow.Name, () => new FlowState.Nested(flow));
    }

    internal string StateOf(IJobExecutionDecider decider, string? name)
    {
        ArgumentNullException.ThrowIfNull(decider);
        if (name is null && _names.TryGetValue(decider, out var known))
        {
            return known;
        }

        var stateName = name ?? decider.GetType().Name;
        return Add(decider, stateName, () => new FlowState.Decision(stateName, decider));
    }

    internal FlowBuilder AddTransition(string from, Transition transition)
    {
        var list = _transitions.TryGetValue(from, out var existing) ? existing : _transitions[from] = [];
        if (list.Any(t => t.Pattern == transition.Pattern))
        {
            throw new InvalidOperationException($"State '{from}' of flow '{Name}' already has a transition on \"{transition.Pattern}\".");
        }

        list.Add(transition);
        return this;
    }

    private string Add(object key, string name, Func<FlowState> create)
    {
        if (_names.TryGetValue(key, out var known))
        {
            return known;
        }

        if (_states.ContainsKey(name))
        {
            throw new InvalidOperationException(
                $"Flow '{Name}' already has a state named '{name}' that is another object: steps, flows and decisions in one flow need distinct names.");
        }

        _names[key] = name;
        _states[name] = create();
        return name;
    }

    private FlowBuilder StartWith(string state)
    {
        if (_start is not null)
        {
            throw new InvalidOperationException($"Flow '{Name}' already starts with '{_start}': use .Next(...) or .From(...) for the other states.");
        }

        _start = state;
        _current = state;
        return this;
    }

    private FlowBuilder NextTo(string state)
    {
        var from = _current ?? throw new InvalidOperationException($"Flow '{Name}' has no state yet: call .Start(...) before .Next(...).");
        if (!_next.TryAdd(from, state))
        {
            throw new InvalidOperationException($"State '{from}' of flow '{Name}' already goes next to '{_next[from]}'; use .On(pattern).To(...) for other paths.");
        }

        _current = state;
        return this;
    }

    private FlowBuilder FromState(string state)
    {
        if (_start is null)
        {
            throw new InvalidOperationException($"Flow '{Name}' has no start yet: call .Start(...) first.");
        }

        _current = state;
        return this;
    }
}
