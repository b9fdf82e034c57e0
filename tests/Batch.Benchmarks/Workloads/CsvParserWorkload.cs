using System.Globalization;
using System.Text;
using Batch.Infrastructure.Files;

namespace Batch.Benchmarks.Workloads;

/// <summary>
/// Workload 4 — the delimited reader's parser: a 1M-row, 5-column CSV file (a tenth of the names quoted, with a delimiter
/// inside) read by CsvHelper 34.0.0 (the one <see cref="DelimitedFileReader{T}"/> uses) and by Sylvan.Data.Csv 1.4.4 (the
/// alternative it was chosen against), in the same run: fields as spans only (the tokenizer), then parsed into records. Then
/// the reader itself against CsvHelper by hand with the same checks, and what it allocates per row beyond that (goal: nothing;
/// the row itself is the one allocation).
/// </summary>
internal sealed class CsvParserWorkload : IWorkload
{
    public string Name => "csv parser";

    public async Task<IReadOnlyList<WorkloadResult>> RunAsync(BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        var rows = settings.Scaled(1_000_000, 1_000);
        var path = Path.Combine(settings.WorkDirectory, "parser.csv");
        await WriteFileAsync(path, rows, cancellationToken);
        var size = new FileInfo(path).Length;
        var expected = Checksum(rows);

        Task Check(long sum, string variant) =>
            sum == expected ? Task.CompletedTask : throw new InvalidOperationException($"{variant} read the wrong values: checksum {sum}, expected {expected}.");

        Task CheckRows(long count, string variant) =>
            count == rows ? Task.CompletedTask : throw new InvalidOperationException($"{variant} read {count} rows, not {rows}.");
        Task SylvanTokens() => CheckRows(Parsers.SylvanTokens(path), "Sylvan (tokens)");
        Task HelperTokens() => CheckRows(Parsers.CsvHelperTokens(path), "CsvHelper (tokens)");
        Task SylvanRows() => Check(Parsers.SylvanRows(path), "Sylvan (rows)");
        Task HelperRows() => Check(Parsers.CsvHelperRows(path, Parsers.Defaults), "CsvHelper (rows)");
        Task CheckedRows() => Check(Parsers.CsvHelperRows(path, Parsers.Checked), "CsvHelper (rows, checked)");
        async Task ReaderRows() => await Check(await Parsers.ReaderRowsAsync(path, cancellationToken), "DelimitedFileReader");

        var medians = await Measure.AlternatingAsync(settings.Repetitions, [SylvanTokens, HelperTokens, SylvanRows, HelperRows, CheckedRows, ReaderRows]);
        var (sylvanTokens, helperTokens, sylvanRows, helperRows, checkedRows, readerRows) = (medians[0], medians[1], medians[2], medians[3], medians[4], medians[5]);
        var helperBytes = await Measure.AllocatedAsync(CheckedRows);
        var readerBytes = await Measure.AllocatedAsync(ReaderRows);
        var sylvanBytes = await Measure.AllocatedAsync(SylvanRows);
        var perRow = (double)(readerBytes - helperBytes) / rows;

        string Rate(TimeSpan time) => string.Create(CultureInfo.InvariantCulture, $"{rows / time.TotalSeconds / 1e6:0.00}M rows/s ({size / time.TotalSeconds / (1024 * 1024):0} MiB/s)");

        return
        [
            WorkloadResult.LowerIsBetter($"csv parser: fields of {rows:N0} rows × 5 columns as spans, CsvHelper 34.0.0 vs Sylvan.Data.Csv 1.4.4", "ms",
                helperTokens.TotalMilliseconds, sylvanTokens.TotalMilliseconds, 1.0,
                $"CsvHelper {Rate(helperTokens)}, Sylvan {Rate(sylvanTokens)}; {size / (1024.0 * 1024):0.0} MiB file"),
            WorkloadResult.LowerIsBetter($"csv parser: {rows:N0} rows parsed into records (long, string, decimal, date, int), CsvHelper vs Sylvan", "ms",
                helperRows.TotalMilliseconds, sylvanRows.TotalMilliseconds, 1.0,
                string.Create(CultureInfo.InvariantCulture,
                    $"CsvHelper {Rate(helperRows)}, Sylvan {Rate(sylvanRows)}; allocated {(double)helperBytes / rows:0} B/row vs {(double)sylvanBytes / rows:0} B/row (the record and its name)")),
            WorkloadResult.LowerIsBetter($"csv parser: DelimitedFileReader<T> vs CsvHelper by hand with the same checks (line numbers, malformed records), {rows:N0} rows", "ms",
                readerRows.TotalMilliseconds, checkedRows.TotalMilliseconds, 1.2,
                string.Create(CultureInfo.InvariantCulture,
                    $"the reader {Rate(readerRows)} (UTF-8 validated too), by hand {Rate(checkedRows)}; the checks cost {(checkedRows / helperRows) - 1:P0} over CsvHelper's defaults ({Rate(helperRows)})")),
            WorkloadResult.Info("csv parser: bytes the reader allocates per row beyond CsvHelper by hand (the same checks)", "B/row", Math.Max(0, perRow), null,
                "< 1 B/row (the item is the one allocation)", perRow < 1,
                string.Create(CultureInfo.InvariantCulture, $"{(double)readerBytes / rows:0.0} B/row in all, {(double)helperBytes / rows:0.0} B/row by hand")),
        ];
    }

    /// <summary>The sum of ids, quantities and name lengths the readers must agree on.</summary>
    private static long Checksum(int rows)
    {
        var sum = 0L;
        for (var i = 1; i <= rows; i++)
        {
            sum += i + (i % 50) + NameOf(i).Length + (long)(Amount(i) * 100) + Day(i).DayNumber;
        }

        return sum;
    }

    private static string NameOf(int i) => i % 10 == 0 ? string.Create(CultureInfo.InvariantCulture, $"Smith, {i}") : string.Create(CultureInfo.InvariantCulture, $"name {i}");

    private static decimal Amount(int i) => (i % 1000) + ((i % 100) / 100m);

    private static DateOnly Day(int i) => new(2026, 1 + (i % 12), 1 + (i % 28));

    private static async Task WriteFileAsync(string path, int rows, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16);
        await writer.WriteAsync("id,name,amount,day,quantity\n");
        for (var i = 1; i <= rows; i++)
        {
            var name = i % 10 == 0 ? $"\"{NameOf(i)}\"" : NameOf(i);
            await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"{i},{name},{Amount(i):0.00},{Day(i):yyyy-MM-dd},{i % 50}\n").AsMemory(), cancellationToken);
        }
    }

    private sealed record Row(long Id, string Name, decimal Amount, DateOnly Day, int Quantity)
    {
        public long Sum => Id + Quantity + Name.Length + (long)(Amount * 100) + Day.DayNumber;
    }

    /// <summary>Each parser used the way its documentation shows, reading the same file from the disk (the page cache, after the first run).</summary>
    private static class Parsers
    {
        public static long SylvanTokens(string path)
        {
            using var text = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, 1 << 16);
            using var csv = Sylvan.Data.Csv.CsvDataReader.Create(text, new Sylvan.Data.Csv.CsvDataReaderOptions { HasHeaders = true, Delimiter = ',' });
            var chars = 0L;
            var count = 0L;
            while (csv.Read())
            {
                count++;
                for (var f = 0; f < 5; f++)
                {
                    chars += csv.GetFieldSpan(f).Length;
                }
            }

            return Rows(chars, count);
        }

        public static long CsvHelperTokens(string path)
        {
            using var csv = CsvHelper.CsvReader.Create(Open(path), Defaults, leaveOpen: false);
            var bytes = 0L;
            var count = 0L;
            while (csv.Read())
            {
                count++;
                for (var f = 0; f < 5; f++)
                {
                    bytes += csv.GetSpan(f).Length;
                }
            }

            return Rows(bytes, count);
        }

        public static long SylvanRows(string path)
        {
            using var text = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, 1 << 16);
            using var csv = Sylvan.Data.Csv.CsvDataReader.Create(text, new Sylvan.Data.Csv.CsvDataReaderOptions { HasHeaders = true, Delimiter = ',' });
            var sum = 0L;
            while (csv.Read())
            {
                var row = new Row(csv.GetInt64(0), csv.GetString(1), csv.GetDecimal(2), DateOnly.Parse(csv.GetFieldSpan(3), CultureInfo.InvariantCulture), csv.GetInt32(4));
                sum += row.Sum;
            }

            return sum;
        }

        /// <summary>CsvHelper's defaults, the separator given.</summary>
        public static readonly CsvHelper.CsvReaderOptions Defaults = new() { HasHeader = true, Separator = ',' };

        /// <summary>What the reader asks CsvHelper for: line numbers, and malformed quoting and field counts reported (and skipped).</summary>
        public static readonly CsvHelper.CsvReaderOptions Checked = Defaults with
        {
            TrackLineNumbers = true,
            MalformedData = CsvHelper.CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvHelper.CsvFieldCountHandling.Skip,
            OnMalformedRecord = _ => throw new InvalidOperationException("The benchmark file has no malformed record."),
        };

        public static long CsvHelperRows(string path, CsvHelper.CsvReaderOptions options)
        {
            using var csv = CsvHelper.CsvReader.Create(Open(path), options, leaveOpen: false);
            var sum = 0L;
            while (csv.Read())
            {
                var row = new Row(csv.Parse<long>(0), csv.GetString(1), csv.Parse<decimal>(2), csv.Parse<DateOnly>(3), csv.Parse<int>(4));
                sum += row.Sum;
            }

            return sum;
        }

        public static async Task<long> ReaderRowsAsync(string path, CancellationToken cancellationToken)
        {
            await using var reader = new DelimitedFileReader<Row>(new DelimitedFileReaderOptions { Path = path }, header =>
            {
                int id = header.Ordinal("id"), name = header.Ordinal("name"), amount = header.Ordinal("amount"), day = header.Ordinal("day"), quantity = header.Ordinal("quantity");
                return f => new Row(f.Parse<long>(id), f.GetString(name), f.Parse<decimal>(amount), f.Parse<DateOnly>(day), f.Parse<int>(quantity));
            });
            await reader.OpenAsync(new BatchExecutionContext(), cancellationToken);
            var sum = 0L;
            while (await reader.ReadAsync(cancellationToken) is { HasItem: true } result)
            {
                sum += result.Item.Sum;
            }

            return sum;
        }

        /// <summary>The file as the reader opens it: no FileStream buffer (the parsers have their own), read front to back.</summary>
        private static FileStream Open(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);

        /// <summary>The rows a tokenizer saw, once it is clear it saw their text (at least a character per field).</summary>
        private static long Rows(long text, long count) => text >= count * 5 ? count : throw new InvalidOperationException($"{count} rows but only {text} characters.");
    }
}
