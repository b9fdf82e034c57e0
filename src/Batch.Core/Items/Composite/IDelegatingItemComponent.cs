namespace Batch.Items.Composite;

/// <summary>
/// A reader, processor or writer that hands its work to other components (a composite or classifier writer, a
/// composite processor). The step looks through it: every delegate that is an <see cref="IItemStream"/> is opened,
/// updated before each checkpoint and closed by the step itself, exactly once, in the order given, as if it had been
/// registered on the step.
/// </summary>
/// <remarks>
/// The look-through is recursive (a composite of composites works) and a component reached twice is handled once.
/// A composite therefore does not implement <see cref="IItemStream"/> itself; one that did would be handled as well,
/// before its delegates.
/// </remarks>
public interface IDelegatingItemComponent
{
    /// <summary>The components this one hands its work to, in the order it calls them.</summary>
    IReadOnlyList<object> Delegates { get; }
}
