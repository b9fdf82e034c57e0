using Batch.Exceptions;
using Batch.Jobs;
using Batch.Parameters;

namespace Samples.Pass;

/// <summary>
/// make-statistics' parameters: <c>from:date</c> and <c>to:date</c> (required, identifying; the class days, both included, at most 366 days),
/// <c>-output:string</c> (the folder of the report files, default <c>reports</c>), and the pass jobs' <c>run.id</c>, <c>-chunkSize</c> and
/// <c>-failAt</c> (a booking id). A range whose start is after its end is refused before an instance exists.
/// </summary>
internal sealed class StatisticsParameters : IJobParametersValidator
{
    public const string From = "from";
    public const string To = "to";
    public const string Output = "output";
    public const string DefaultOutput = "reports";
    private const int MaxDays = 366;

    private readonly DefaultJobParametersValidator _types = new DefaultJobParametersValidator()
        .Require<DateOnly>(From)
        .Require<DateOnly>(To)
        .Allow(Output)
        .Allow<long>(PassJobParameters.FailAt)
        .Allow<long>(PassJobParameters.ChunkSize, min: 1, max: PassJobParameters.MaxChunkSize)
        .Allow<long>("run.id");

    public JobParameters ApplyDeclaredTypes(JobParameters parameters) => _types.ApplyDeclaredTypes(parameters);

    public void Validate(JobParameters parameters)
    {
        _types.Validate(parameters);
        var (from, to) = RangeOf(parameters);
        if (from > to)
        {
            throw new JobParametersInvalidException($"'from' is {from:yyyy-MM-dd}, after 'to' ({to:yyyy-MM-dd}): give a range whose start is not after its end.");
        }

        if (to.DayNumber - from.DayNumber >= MaxDays)
        {
            throw new JobParametersInvalidException($"'from' {from:yyyy-MM-dd} to 'to' {to:yyyy-MM-dd} is more than {MaxDays} days: make the reports a year at most.");
        }
    }

    public static (DateOnly From, DateOnly To) RangeOf(JobParameters parameters) =>
        (parameters.GetDate(From), parameters.GetDate(To));

    /// <summary>The report folder (created when missing).</summary>
    public static string OutputOf(JobParameters parameters) =>
        Path.GetFullPath(parameters.TryGetValue(Output, out var p) && p.Value is string text && text.Length > 0 ? text : DefaultOutput);
}
