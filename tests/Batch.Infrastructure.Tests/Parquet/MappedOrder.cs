namespace Batch.Infrastructure.Tests.Parquet;

/// <summary>The status of a <see cref="MappedOrder"/>: written by name unless mapped as a number.</summary>
public enum OrderStatus
{
    Open,
    Shipped,
    Cancelled,
}

/// <summary>An item whose properties are not the file's shape: the column map chooses names, order and types.</summary>
public sealed class MappedOrder
{
    public long Id { get; init; }

    public string Customer { get; init; } = string.Empty;

    public string? Note { get; init; }

    public decimal Price { get; init; }

    public decimal? Discount { get; init; }

    public DateOnly BaseDate { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTimeOffset? ShippedAt { get; init; }

    public DateTime LocalPickup { get; init; }

    public OrderStatus Status { get; init; }

    public OrderStatus? Previous { get; init; }

    public Guid Key { get; init; }

    public bool Active { get; init; }

    public int Quantity { get; init; }

    public double Weight { get; init; }

    public byte[]? Payload { get; init; }

    public object? Untyped { get; init; }

    public MappedOrder? Parent { get; init; }

    public static MappedOrder Sample(int id) => new()
    {
        Id = id,
        Customer = "customer " + id,
        Note = id % 3 == 0 ? null : "note " + id,
        Price = id * 10.25m,
        Discount = id % 2 == 0 ? null : 0.125m,
        BaseDate = new DateOnly(2026, 11, 22).AddDays(id % 3),
        CreatedAt = new DateTime(2026, 11, 22, 8, 30, 0, DateTimeKind.Utc).AddSeconds(id).AddTicks(10 * id),
        ShippedAt = id % 4 == 0 ? null : new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(9)).AddMinutes(id),
        LocalPickup = new DateTime(2026, 11, 24, 17, 45, 0, DateTimeKind.Unspecified),
        Status = (OrderStatus)(id % 3),
        Previous = id % 2 == 0 ? OrderStatus.Open : null,
        Key = new Guid(id, 7, 9, 1, 2, 3, 4, 5, 6, 7, 8),
        Active = id % 2 == 1,
        Quantity = id * 3,
        Weight = id / 8.0,
        Payload = id % 5 == 0 ? null : [(byte)id, 0xFF],
    };
}
