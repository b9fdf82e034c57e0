namespace Batch.Items.Composite;

/// <summary>What a <see cref="ValidatingItemProcessor{T}"/> does with an item that fails validation.</summary>
public enum ValidationFailureMode
{
    /// <summary>Fail the item with an <see cref="ItemValidationException"/>: a business error, skippable in a fault-tolerant step (and then logged with the skips); otherwise it fails the step.</summary>
    Fail = 0,

    /// <summary>Filter the item out: it is not written, is counted in <see cref="StepExecution.FilterCount"/>, and a warning names the invalid members.</summary>
    Filter = 1,
}
