namespace Batch.Infrastructure.Tests.Support;

/// <summary>
/// What the engine does to a step execution's counters between chunks, done by hand by the contract tests through the
/// public SPI (<see cref="PersistedState"/>), as a third-party repository's tests would.
/// </summary>
internal static class StepProgress
{
    public static void Count(this StepExecution step, long? read = null, long? write = null, long? filter = null, long? commit = null)
    {
        PersistedState.SetCounts(
            step,
            read ?? step.ReadCount,
            write ?? step.WriteCount,
            filter ?? step.FilterCount,
            commit ?? step.CommitCount,
            step.RollbackCount,
            step.ReadSkipCount,
            step.ProcessSkipCount,
            step.WriteSkipCount);
    }
}
