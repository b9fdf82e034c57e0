using Batch.Engine;
namespace Batch.Faults;

/// <summary>
/// Sorts exceptions into business errors, transient faults and system faults. The classification
/// chooses the log channel of a failure and the skip/retry defaults of fault-tolerant steps.
/// Replace the default by registering your own in dependency injection (or per step with
/// <see cref="Steps.FaultTolerantChunkStepBuilder{TIn, TOut}.Classifier"/>).
/// </summary>
public interface IExceptionClassifier
{
    /// <summary>Classifies an exception.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>Its category.</returns>
    ExceptionCategory Classify(Exception exception);
}
