using System.Data.Common;
using Batch.Infrastructure.Repository.Model;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Batch.Infrastructure.Repository.Dialects;

/// <summary>Builds the PostgreSQL repository: one Npgsql data source (its pool) for the hand-written statements and the EF Core reads.</summary>
internal static class PostgresRepositoryFactory
{
    public static RelationalJobRepository Create(
        string connectionString, PostgresJobRepositoryOptions options, TimeProvider? timeProvider, Func<DbDataSource, DbDataSource>? wrap)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(options);
        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException(
                $"The PostgreSQL connection string is not valid ({ex.Message}); write it as 'Host=localhost;Database=batch;Username=batch;Password=…'.",
                nameof(connectionString), ex);
        }

        var builder = new NpgsqlDataSourceBuilder(parsed.ConnectionString);
        options.ConfigureDataSource?.Invoke(builder);
        var npgsql = builder.Build();
        var contextOptions = new DbContextOptionsBuilder<BatchDbContext>()
            .UseNpgsql(npgsql)
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
            .Options;
        var dataSource = wrap is null ? npgsql : wrap(npgsql); // a wrapper (tests) disposes what it wraps
        return new RelationalJobRepository(PostgresDialect.Instance, dataSource, contextOptions, options.CreateSchema, timeProvider);
    }
}
