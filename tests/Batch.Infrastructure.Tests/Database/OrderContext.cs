using Microsoft.EntityFrameworkCore;

namespace Batch.Infrastructure.Tests.Database;

/// <summary>The EF Core context of the tests: one table of orders (any name), lower-case names for PostgreSQL.</summary>
public sealed class OrderContext(DbContextOptions options, string table) : DbContext(options)
{
    public DbSet<Order> Orders => Set<Order>();

    public string Table => table;

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<Order>(b =>
        {
            b.ToTable(table);
            b.Property(o => o.Id).HasColumnName("id").ValueGeneratedNever();
            b.Property(o => o.Name).HasColumnName("name");
            b.Property(o => o.Amount).HasColumnName("amount");
        });
}
