using Batch.Infrastructure.Tests.Support;
using Batch.Repository;
using Microsoft.EntityFrameworkCore;

namespace Batch.Infrastructure.Tests.Repository;

/// <summary>An EF Core context enlisted in a chunk's transaction commits and rolls back with the checkpoint.</summary>
[TestFixture(typeof(SqliteBackend))]
[TestFixture(typeof(PostgresBackend))]
public sealed class ChunkTransactionDbContextTests<TBackend>
    where TBackend : RepositoryBackend, new()
{
    [Test]
    public async Task Rows_saved_through_an_enlisted_context_commit_with_the_chunk_and_vanish_with_its_rollback()
    {
        await using var backend = new TBackend();
        var repository = await backend.OpenAsync();
        await backend.ItemSinkAsync();
        var provider = backend.Provider!;
        await using (var connection = await provider.OpenAsync())
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE ORDERS (ID BIGINT PRIMARY KEY, NAME VARCHAR(50) NOT NULL)";
            await create.ExecuteNonQueryAsync();
        }

        var execution = await repository.CreateJobExecutionAsync(new JobLaunchRequest("job", JobParameters.Empty), CancellationToken.None);
        var step = execution.CreateStepExecution("step");
        await repository.AddStepExecutionAsync(step, CancellationToken.None);

        await SaveInChunkAsync(repository, step, provider.IsPostgres, new Order { Id = 1, Name = "kept" }, commit: true);
        await SaveInChunkAsync(repository, step, provider.IsPostgres, new Order { Id = 2, Name = "rolled back" }, commit: false);

        await using var reader = new ShopContext(Options(provider.IsPostgres, provider.ConnectionString));
        (await reader.Orders.Select(o => o.Name).ToListAsync()).Should().Equal("kept");
        (await repository.GetJobExecutionAsync(execution.Id, CancellationToken.None))!.StepExecutions.Single().CommitCount.Should().Be(1);
    }

    private static async Task SaveInChunkAsync(IJobRepository repository, StepExecution step, bool postgres, Order order, bool commit)
    {
        await using var chunk = await repository.BeginChunkAsync(step, CancellationToken.None);
        await using (var db = new ShopContext(Options(postgres, connectionString: null)))
        {
            await db.Database.UseChunkTransactionAsync(chunk, CancellationToken.None);
            db.Orders.Add(order);
            await db.SaveChangesAsync();
        }

        if (commit)
        {
            step.Count(commit: step.CommitCount + 1);
            await chunk.CommitAsync(CancellationToken.None);
        }
        else
        {
            await chunk.RollbackAsync(CancellationToken.None);
        }
    }

    private static DbContextOptions<ShopContext> Options(bool postgres, string? connectionString)
    {
        var builder = new DbContextOptionsBuilder<ShopContext>();
        if (postgres)
        {
            _ = connectionString is null ? builder.UseNpgsql() : builder.UseNpgsql(connectionString);
        }
        else
        {
            _ = connectionString is null ? builder.UseSqlite() : builder.UseSqlite("Data Source=" + connectionString);
        }

        return builder.Options;
    }

    private sealed class Order
    {
        public long Id { get; set; }

        public string Name { get; set; } = string.Empty;
    }

    private sealed class ShopContext(DbContextOptions<ShopContext> options) : DbContext(options)
    {
        public DbSet<Order> Orders => Set<Order>();

        protected override void OnModelCreating(ModelBuilder modelBuilder) =>
            modelBuilder.Entity<Order>(b =>
            {
                b.ToTable("orders");
                b.Property(o => o.Id).HasColumnName("id").ValueGeneratedNever();
                b.Property(o => o.Name).HasColumnName("name");
            });
    }
}
