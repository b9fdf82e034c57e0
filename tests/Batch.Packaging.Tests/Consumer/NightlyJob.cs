using System.Globalization;
using Batch.Items;
using Batch.Jobs;
using Batch.Model;
using Batch.Steps;

namespace Acme.Nightly;

/// <summary>
/// prepare (a tasklet) → numbers (a chunk step: 1..count, chunks of 5, appended to the file <c>out</c>) → report.
/// <c>-failAt:long=n</c> (not identifying) makes the processor throw at n.
/// </summary>
internal static class NightlyJob
{
    public const string Name = "nightly";

    public static IJob Create() =>
        new JobBuilder(Name)
            .Validator(new DefaultJobParametersValidator().Require("count").Require("out").Allow("failAt"))
            .Start(new StepBuilder("prepare").Tasklet(PrepareAsync).Build())
            .Next(new StepBuilder("numbers")
                .Chunk<long, string>(5)
                .Reader(ctx => new NumberReader((long)ctx.JobParameters["count"].Value))
                .Processor(ctx => new FailingProcessor(ctx.JobParameters.TryGetValue("failAt", out var failAt) ? (long)failAt.Value : -1))
                .Writer(ctx => new LineWriter((string)ctx.JobParameters["out"].Value))
                .Build())
            .Next(new StepBuilder("report").Tasklet(ReportAsync).Build())
            .Build();

    private static ValueTask<RepeatStatus> PrepareAsync(TaskletContext context, CancellationToken cancellationToken)
    {
        var output = (string)context.JobParameters["out"].Value;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        Console.WriteLine("nightly: prepared");
        return ValueTask.FromResult(RepeatStatus.Finished);
    }

    private static ValueTask<RepeatStatus> ReportAsync(TaskletContext context, CancellationToken cancellationToken)
    {
        var numbers = context.StepExecution.JobExecution.StepExecutions.Single(s => s.StepName == "numbers");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"nightly: read {numbers.ReadCount}, wrote {numbers.WriteCount}"));
        return ValueTask.FromResult(RepeatStatus.Finished);
    }
}

/// <summary>Reads 1..count; restartable: the last number read is saved in the step's context.</summary>
internal sealed class NumberReader(long count) : IItemReader<long>, IItemStream
{
    private const string PositionKey = "numbers.last";
    private long _last;

    public ValueTask<ItemResult<long>> ReadAsync(CancellationToken cancellationToken) =>
        _last < count ? new(new ItemResult<long>(++_last)) : new(ItemResult<long>.None);

    public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        _last = executionContext.GetLong(PositionKey, 0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"nightly: reader opened at {_last}"));
        return ValueTask.CompletedTask;
    }

    public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        executionContext.Put(PositionKey, _last);
        return ValueTask.CompletedTask;
    }

    public ValueTask CloseAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

/// <summary>Formats a number; throws at <c>failAt</c>.</summary>
internal sealed class FailingProcessor(long failAt) : IItemProcessor<long, string>
{
    public ValueTask<ItemResult<string>> ProcessAsync(long item, CancellationToken cancellationToken) =>
        item == failAt
            ? throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"failing on purpose at {item}"))
            : new(new ItemResult<string>(item.ToString(CultureInfo.InvariantCulture)));
}

/// <summary>Appends each chunk's items to a file, one a line.</summary>
internal sealed class LineWriter(string path) : IItemWriter<string>
{
    public async ValueTask WriteAsync(Chunk<string> chunk, CancellationToken cancellationToken) =>
        await File.AppendAllLinesAsync(path, chunk, cancellationToken).ConfigureAwait(false);
}
