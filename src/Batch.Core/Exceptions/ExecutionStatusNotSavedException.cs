namespace Batch.Exceptions;

/// <summary>
/// The end of a job or step execution could not be saved in the job repository, even after retrying transient faults for
/// <see cref="Hosting.BatchOptions.FinalStatusRetryFor"/>: the repository still shows the job execution STARTED. Once the
/// database is back, <c>fail &lt;id&gt;</c> (or <c>recover</c>) marks it FAILED, and the next launch resumes from its last
/// committed chunk.
/// </summary>
public class ExecutionStatusNotSavedException : BatchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What could not be saved and what to run.</param>
    /// <param name="jobExecutionId">The job execution left STARTED.</param>
    /// <param name="innerException">The last failure of the write.</param>
    public ExecutionStatusNotSavedException(string message, long jobExecutionId, Exception? innerException)
        : base(message, innerException)
    {
        JobExecutionId = jobExecutionId;
    }

    /// <summary>The id of the job execution the repository still shows STARTED.</summary>
    public long JobExecutionId { get; }
}
