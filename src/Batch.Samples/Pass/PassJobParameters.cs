using Batch.Jobs;
using Batch.Model;
using Batch.Parameters;
using Batch.Steps;

namespace Samples.Pass;

/// <summary>
/// The parameters every pass job takes: <c>now:datetime</c> (identifying; the time the job acts at, so a run is repeatable and tests are
/// deterministic; without it the job's clock at the step's start, kept in the step's context so a restart uses the same time),
/// <c>run.id:long</c> (the incrementer's, for <c>next</c>), <c>-chunkSize:long</c> (non-identifying, 1 to 100,000: items per
/// chunk and per page of the reader) and <c>-failAt:long</c> (non-identifying: fail on purpose at that item's id,
/// to show a restart).
/// </summary>
internal static class PassJobParameters
{
    public const string Now = "now";
    public const string FailAt = "failAt";
    public const string ChunkSize = "chunkSize";
    public const long MaxChunkSize = 100_000;
    private const string NowKey = "pass.now";

    /// <summary>The validator of a pass job: the types, checked before an instance exists.</summary>
    public static DefaultJobParametersValidator Validator() => new DefaultJobParametersValidator()
        .Allow<DateTimeOffset>(Now)
        .Allow<long>(FailAt)
        .Allow<long>(ChunkSize, min: 1, max: MaxChunkSize)
        .Allow<long>("run.id");

    /// <summary>The time the step acts at, in UTC: the <c>now</c> parameter, or the clock's time when the step first started (kept in its context).</summary>
    public static DateTime ResolveNow(StepContext context)
    {
        if (context.JobParameters.TryGetValue(Now, out var given))
        {
            return ((DateTimeOffset)given.Value).UtcDateTime;
        }

        if (context.ExecutionContext.TryGet<DateTime>(NowKey, out var kept))
        {
            return DateTime.SpecifyKind(kept, DateTimeKind.Utc);
        }

        var now = context.TimeProvider.GetUtcNow().UtcDateTime;
        context.ExecutionContext.Put(NowKey, now);
        return now;
    }

    /// <summary>The chunk size: the parameter <c>chunkSize</c> (non-identifying, 1 to 100,000), or the job's default.</summary>
    public static int ChunkSizeOf(StepContext context, int defaultSize) =>
        context.JobParameters.TryGetValue(ChunkSize, out var p) ? (int)(long)p.Value : defaultSize;

    /// <summary>The id to fail at, or null.</summary>
    public static long? FailAtId(JobParameters parameters) =>
        parameters.TryGetValue(FailAt, out var p) ? (long)p.Value : null;
}
