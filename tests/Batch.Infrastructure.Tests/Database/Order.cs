namespace Batch.Infrastructure.Tests.Database;

/// <summary>An order: the item of the database reader and writer tests (an EF Core entity too).</summary>
public sealed class Order
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public long Amount { get; set; }

    public (long Id, string Name, long Amount) AsTuple() => (Id, Name, Amount);

    public static Order Of(long id, string? name = null, long? amount = null) => new() { Id = id, Name = name ?? "order " + id, Amount = amount ?? id * 10 };
}
