namespace Batch.Steps;

/// <summary>What a tasklet says after each call.</summary>
public enum RepeatStatus
{
    /// <summary>The tasklet is done; the step completes.</summary>
    Finished,

    /// <summary>Call the tasklet again (each call is committed as its own transaction).</summary>
    Continuable,
}
