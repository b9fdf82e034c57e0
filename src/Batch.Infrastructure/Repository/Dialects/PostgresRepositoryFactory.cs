using System.Data.Common;
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
        var dataSource = wrap is null ? npgsql : wrap(npgsql); // a wrapper (tests) disposes what it wraps
        return new RelationalJobRepository(PostgresDialect.Instance, dataSource, options.CreateSchema, timeProvider);
    }

    /// <summary>Builds the repository on a data source the application owns: the repository never disposes it.</summary>
    public static RelationalJobRepository Create(NpgsqlDataSource dataSource, PostgresJobRepositoryOptions options, TimeProvider? timeProvider)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        RefuseConfigureDataSource(options);
        return new RelationalJobRepository(PostgresDialect.Instance, dataSource, options.CreateSchema, timeProvider, ownsDataSource: false);
    }

    /// <summary>Refuses <see cref="PostgresJobRepositoryOptions.ConfigureDataSource"/> with a data source that is already built.</summary>
    public static void RefuseConfigureDataSource(PostgresJobRepositoryOptions options)
    {
        if (options.ConfigureDataSource is not null)
        {
            throw new ArgumentException(
                "ConfigureDataSource adjusts only a data source the repository builds from a connection string; this repository uses the application's " +
                "NpgsqlDataSource, which is already built: configure its NpgsqlDataSourceBuilder before building it, and leave ConfigureDataSource unset.",
                nameof(options));
        }
    }
}
