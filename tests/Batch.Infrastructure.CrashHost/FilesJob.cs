using System.Globalization;
using Batch.Infrastructure.Files;
using Batch.Items;
using Batch.Jobs;
using Batch.Steps;

namespace Batch.Infrastructure.CrashHost;

/// <summary>
/// The file test job: one chunk step that reads a CSV file (id, name, amount) with the delimited reader and writes the records,
/// through a processor a test can hold, with one of the three file writers (delimited, fixed-width, JSON lines), with a header
/// and a footer. The crash tests kill a host running it and compare the file its restarts finish with the one an uninterrupted
/// run writes.
/// </summary>
internal static class FilesJob
{
    public const string JobName = "files";

    public static readonly FixedWidthColumn[] Layout =
    [
        new("id", 0, 8) { Alignment = FieldAlignment.Right, Padding = '0' }, new("name", 8, 24), new("amount", 32, 12) { Alignment = FieldAlignment.Right },
    ];

    /// <summary>The input file's records: names that need quoting now and then, and some non-ASCII text.</summary>
    public static string Input(int count) =>
        "id,name,amount\n" + string.Concat(Enumerable.Range(1, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i},{Quoted(Name(i))},{i * 0.25m:0.00}\n")));

    public static SimpleJob Create(string input, string output, string format, int chunkSize, Func<long, CancellationToken, Task>? beforeItem = null) =>
        new JobBuilder(JobName)
            .Start(Writer(new StepBuilder("export")
                .Chunk<Record, Record>(chunkSize)
                .Reader(_ => new DelimitedFileReader<Record>(new DelimitedFileReaderOptions { Path = input }, Map))
                .Processor(async (record, cancellationToken) =>
                {
                    if (beforeItem is not null)
                    {
                        await beforeItem(record.Id, cancellationToken);
                    }

                    return record;
                }), output, format)
                .Build())
            .Build();

    private static ChunkStepBuilder<Record, Record> Writer(ChunkStepBuilder<Record, Record> step, string output, string format)
    {
        FileHeaderCallback header = w => w.Write($"# export of {JobName}\n");
        FileFooterCallback footer = (w, count) => w.Write(string.Create(CultureInfo.InvariantCulture, $"# {count} records\n"));
        return format switch
        {
            "delimited" => step.FileWriter(_ => new DelimitedFileWriter<Record>(
                new DelimitedFileWriterOptions { Path = output, ColumnNames = ["id", "name", "amount"], Header = header, Footer = footer }, Format)),
            "fixedwidth" => step.FileWriter(_ => new FixedWidthFileWriter<Record>(
                new FixedWidthFileWriterOptions { Path = output, Columns = Layout, Header = header, Footer = footer }, Format)),
            "jsonlines" => step.FileWriter(_ => new JsonLinesFileWriter<Record>(new JsonLinesFileWriterOptions { Path = output, Header = header, Footer = footer })),
            _ => throw new ArgumentException($"Unknown format '{format}': use delimited, fixedwidth or jsonlines."),
        };
    }

    private static string Name(int i) => (i % 5) switch
    {
        0 => $"Müller, {i}",
        2 => $"\"quoted\" {i}",
        _ => $"name {i}",
    };

    private static string Quoted(string field) =>
        field.AsSpan().IndexOfAny(',', '"') < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static Record Map(FieldSet f) => new(f.Parse<long>(0), f.GetString(1), f.Parse<decimal>(2));

    private static void Format(Record record, FieldWriter fields)
    {
        fields.Write(record.Id);
        fields.Write(record.Name);
        fields.Write(record.Amount, "0.00");
    }

    /// <summary>A record of the file job.</summary>
    internal sealed record Record(long Id, string Name, decimal Amount);
}
