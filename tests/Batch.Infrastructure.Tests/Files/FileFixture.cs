using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Batch.Infrastructure.Files;
using Batch.Items;
using Batch.Jobs;
using Batch.Launch;

namespace Batch.Infrastructure.Tests.Files;

/// <summary>A record the file tests read and write.</summary>
public sealed record Order(long Id, string Name, decimal Amount, DateOnly Day);

/// <summary>The source-generated JSON metadata of <see cref="Order"/> (the JSON lines reader and writer take a JsonTypeInfo).</summary>
[JsonSerializable(typeof(Order))]
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
internal sealed partial class OrderJson : JsonSerializerContext;

/// <summary>A fresh folder for each test's files, an in-memory launcher, and the orders' mappers and formatters.</summary>
public abstract class FileFixture
{
    private DirectoryInfo _folder = null!;

    protected string Folder => _folder.FullName;

    protected InMemoryJobRepository Repository { get; private set; } = null!;

    protected JobLauncher Launcher { get; private set; } = null!;

    /// <summary>Maps the columns id, name, amount, day by name, resolved once when the file opens.</summary>
    internal static RecordMapper<Order> BindOrder(FieldSet header)
    {
        int id = header.Ordinal("id"), name = header.Ordinal("name"), amount = header.Ordinal("amount"), day = header.Ordinal("day");
        return f => new Order(f.Parse<long>(id), f.GetString(name), f.Parse<decimal>(amount), f.Parse<DateOnly>(day));
    }

    /// <summary>Maps the fields by position: id, name, amount, day.</summary>
    internal static Order MapOrder(FieldSet f) => new(f.Parse<long>(0), f.GetString(1), f.Parse<decimal>(2), f.Parse<DateOnly>(3));

    internal static void FormatOrder(Order order, FieldWriter fields)
    {
        fields.Write(order.Id);
        fields.Write(order.Name);
        fields.Write(order.Amount, "0.00");
        fields.Write(order.Day, "yyyy-MM-dd");
    }

    /// <summary>Orders 1..count with names that need quoting now and then.</summary>
    internal static IReadOnlyList<Order> Orders(int count) =>
        [.. Enumerable.Range(1, count).Select(i => new Order(
            i,
            (i % 7) switch { 0 => $"Smith, {i}", 3 => $"say \"{i}\"", 5 => $"two\nlines {i}", _ => $"name {i}" },
            Math.Round(i * 1.25m, 2),
            new DateOnly(2026, 1 + (i % 12), 1 + (i % 28))))];

    /// <summary>The orders as CSV text, with a header line.</summary>
    internal static string Csv(IEnumerable<Order> orders, string delimiter = ",")
    {
        var text = new StringBuilder($"id{delimiter}name{delimiter}amount{delimiter}day\n");
        foreach (var o in orders)
        {
            var name = o.Name.Contains(delimiter, StringComparison.Ordinal) || o.Name.Contains('"', StringComparison.Ordinal) || o.Name.Contains('\n', StringComparison.Ordinal)
                ? "\"" + o.Name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
                : o.Name;
            text.Append(CultureInfo.InvariantCulture, $"{o.Id}{delimiter}{name}{delimiter}{o.Amount:0.00}{delimiter}{o.Day:yyyy-MM-dd}\n");
        }

        return text.ToString();
    }

    [SetUp]
    public void CreateFolder()
    {
        _folder = Directory.CreateTempSubdirectory("batch-files-");
        Repository = new InMemoryJobRepository();
        Launcher = new JobLauncher(Repository);
    }

    [TearDown]
    public void DeleteFolder() => _folder.Delete(recursive: true);

    protected string PathOf(string name) => System.IO.Path.Combine(Folder, name);

    protected string WriteFile(string name, string text, Encoding? encoding = null)
    {
        var path = PathOf(name);
        File.WriteAllText(path, text, encoding ?? new UTF8Encoding(false));
        return path;
    }

    protected Task<JobExecution> RunAsync(IJob job, string? parameters = null) =>
        Launcher.RunAsync(job, JobParameters.Parse(parameters), CancellationToken.None);

    /// <summary>Reads every item of a reader outside a step (open, read to the end, close).</summary>
    internal static async Task<List<T>> ReadAllAsync<T>(IItemReader<T> reader)
    {
        var stream = (IItemStream)reader;
        await stream.OpenAsync(new BatchExecutionContext(), CancellationToken.None);
        try
        {
            var items = new List<T>();
            while (await reader.ReadAsync(CancellationToken.None) is { HasItem: true } result)
            {
                items.Add(result.Item);
            }

            return items;
        }
        finally
        {
            await stream.CloseAsync(CancellationToken.None);
        }
    }

    /// <summary>Reads until the end, collecting items and the read errors (as a fault-tolerant step would skip them).</summary>
    internal static async Task<(List<T> Items, List<Exception> Errors)> ReadAllWithErrorsAsync<T>(IItemReader<T> reader)
    {
        var stream = (IItemStream)reader;
        await stream.OpenAsync(new BatchExecutionContext(), CancellationToken.None);
        var items = new List<T>();
        var errors = new List<Exception>();
        try
        {
            while (true)
            {
                try
                {
                    var result = await reader.ReadAsync(CancellationToken.None);
                    if (!result.HasItem)
                    {
                        break;
                    }

                    items.Add(result.Item);
                }
                catch (MalformedItemException ex)
                {
                    errors.Add(ex);
                }
            }
        }
        finally
        {
            await stream.CloseAsync(CancellationToken.None);
        }

        return (items, errors);
    }
}
