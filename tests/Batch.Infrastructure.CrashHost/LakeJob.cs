using System.Globalization;
using Batch.Infrastructure.Parquet;
using Batch.Items;
using Batch.Items.Composite;
using Batch.Jobs;
using Batch.Steps;
using Parquet.Serialization.Attributes;

namespace Batch.Infrastructure.CrashHost;

/// <summary>A row of the lake test: one of each standard column type.</summary>
public sealed record LakeRow(
    int Id,
    long Amount,
    string? Name,
    double Ratio,
    decimal Price,
    bool Active,
    [property: ParquetTimestamp] DateTime CreatedAt);

/// <summary>
/// The "lake" job: rows 1..items through a <see cref="ParquetItemWriter{T}"/> partitioned by <c>table=orders</c> (fixed) and
/// <c>date=</c> (even ids on the job's date, odd ones on the day after), optionally killing the process with SIGKILL in chunk
/// <c>kill-chunk</c>: after the part files are written (<c>after-write</c>) or after they are renamed, just before the commit
/// (<c>after-rename</c>). The rows are ids <c>first..first+items-1</c>; <c>mode</c> is the writer's <see cref="ParquetWriteMode"/>.
/// </summary>
internal static class LakeJob
{
    public const string JobName = "lake";

    public static LakeRow Row(int id) => new(
        id,
        id * 1000L,
        id % 7 == 0 ? null : "row " + id.ToString(CultureInfo.InvariantCulture),
        id / 4.0,
        id + 0.25m,
        id % 2 == 0,
        new DateTime(2026, 11, 22, 0, 0, 0, DateTimeKind.Utc).AddMinutes(id));

    public static IJob Create(
        string lake, int items, int chunkSize, int killChunk = 0, string killWhen = "after-rename", ParquetWriteMode mode = ParquetWriteMode.Append, int first = 1)
    {
        var rows = Enumerable.Range(first, items).Select(Row).ToList();
        var kill = new KillSwitch(killChunk);
        var builder = new StepBuilder("export").Chunk<LakeRow>(chunkSize)
            .Reader(new ListItemReader<LakeRow>(rows))
            .Writer(ctx =>
            {
                var date = DateOnly.ParseExact(ctx.JobParameters.GetString("date")!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                var parquet = new ParquetItemWriter<LakeRow>(ctx, new ParquetItemWriterOptions<LakeRow>
                {
                    RootDirectory = lake,
                    Mode = mode,
                    Partitions =
                    {
                        ParquetPartition<LakeRow>.Fixed("table", "orders"),
                        ParquetPartition<LakeRow>.Of("date", r => (r.Id % 2 == 0 ? date : date.AddDays(1)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    },
                });
                return killWhen == "after-write" ? new CompositeItemWriter<LakeRow>(parquet, kill) : parquet;
            });
        if (killWhen != "after-write")
        {
            builder.Stream(kill);
        }

        return new JobBuilder(JobName).Start(builder.Build()).Build();
    }

    /// <summary>Kills the process in the given chunk: as a writer after the Parquet writer, or as a stream updated after it.</summary>
    private sealed class KillSwitch(int chunk) : IItemWriter<LakeRow>, IItemStream
    {
        private int _writes;
        private int _updates;

        public ValueTask WriteAsync(Chunk<LakeRow> items, CancellationToken cancellationToken)
        {
            if (++_writes == chunk)
            {
                Die();
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
        {
            if (++_updates == chunk)
            {
                Die();
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask CloseAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        private static void Die()
        {
            Console.WriteLine("killing");
            Console.Out.Flush();
            System.Diagnostics.Process.GetCurrentProcess().Kill();
            Thread.Sleep(Timeout.Infinite);
        }
    }
}
