using System.Globalization;
using Batch.Jobs;
using Batch.Parameters;
using Batch.Repository;
using Batch.Steps;
using Microsoft.Extensions.Logging;

namespace Samples.Squares;

/// <summary>
/// The sample job: creates its table, squares the numbers 1..count in chunks of 1,000 (each chunk's rows
/// committed with its checkpoint), then checks and reports what the table holds.
/// Parameters: <c>count:long</c> (1 to <see cref="MaxCount"/>, default 100000), <c>-failAt:long</c> (fail on purpose at that number).
/// The validator checks their types and ranges before an instance exists, so a launch that could never complete is refused
/// (exit 2) instead of creating one.
/// </summary>
internal static class SquaresJob
{
    public const string Name = "squares";
    private const int ChunkSize = 1_000;
    private const long DefaultCount = 100_000;

    /// <summary>The largest count: every square and the report's sums stay within BIGINT (see <see cref="SquareTable.ReadSummaryAsync"/>).</summary>
    public const long MaxCount = 1_000_000_000;

    public static IJob Create() =>
        new JobBuilder(Name)
            .Incrementer(new RunIdIncrementer())
            .Validator(new DefaultJobParametersValidator()                         // types and ranges, checked before an instance exists
                .Allow<long>("count", min: 1, max: MaxCount)
                .Allow<long>("failAt")
                .Allow<long>("run.id"))
            .Start(new StepBuilder("prepare").Tasklet(PrepareAsync).Build())
            .Next(new StepBuilder("square")
                .Chunk<long, Square>(ChunkSize)
                .Reader(ctx => new NumberRangeReader(Count(ctx.JobParameters)))
                .ExpectedItems(ctx => Count(ctx.JobParameters))             // its total: progress with percent and projected end
                .Processor(ctx => new SquareProcessor(ctx.JobParameters.TryGetValue("failAt", out var p) ? (long)p.Value : -1))
                .Writer(ctx => new SquareWriter(ctx.StepExecution.JobExecution.JobInstance.Id))
                .Build())
            .Next(new StepBuilder("report").Tasklet(ReportAsync).Build())
            .Build();

    private static long Count(JobParameters parameters) =>
        parameters.TryGetValue("count", out var p) ? (long)p.Value : DefaultCount;

    private static async ValueTask<RepeatStatus> PrepareAsync(TaskletContext context, CancellationToken cancellationToken)
    {
        await using var command = context.Transaction.GetConnection().CreateCommand();
        command.Transaction = context.Transaction.GetTransaction();
        command.CommandText = SquareTable.CreateSql;
        await command.ExecuteNonQueryAsync(cancellationToken);
        return RepeatStatus.Finished;
    }

    private static async ValueTask<RepeatStatus> ReportAsync(TaskletContext context, CancellationToken cancellationToken)
    {
        var (rows, sum) = await SquareTable.ReadSummaryAsync(context.Transaction.GetConnection(), context.Transaction.GetTransaction(), context.StepExecution.JobExecution.JobInstance.Id, cancellationToken);
        var count = Count(context.JobParameters);
        var expectedSum = (decimal)count * (count + 1) * (2 * count + 1) / 6;
        SquaresLog.Summary(context.Step.Services.GetLogger(), rows, sum, count, expectedSum);
        context.StepExecution.JobExecution.ExecutionContext.Put("squares.rows", rows);
        if (rows != count || sum != expectedSum)
        {
            throw new InvalidOperationException($"The table holds {rows} squares summing to {sum}; expected {count} summing to {expectedSum}.");
        }

        return RepeatStatus.Finished;
    }

    private static ILogger GetLogger(this IServiceProvider services) =>
        (services.GetService(typeof(ILoggerFactory)) as ILoggerFactory)?.CreateLogger("Batch.Samples.Squares") ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
}
