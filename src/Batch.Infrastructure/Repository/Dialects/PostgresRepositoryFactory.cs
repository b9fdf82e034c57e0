using System.Data.Common;
using Npgsql;

namespace Batch.Infrastructure.Repository.Dialects;

/// <summary>
/// Builds the PostgreSQL repository. From a connection string: two Npgsql data sources (pools) of the same settings — one for the
/// repository's own statements, without the reset on close, and one with it for the chunks' connections (shared with writers) and the
/// EF Core reads. On an application's data source: that one for everything.
/// </summary>
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
        var shared = builder.Build();
        // The repository's own statements get a pool of their own that skips Npgsql's reset when a connection goes back
        // (No Reset On Close): they leave no session state behind (see OwnStatementsPool), and a launch opens a connection
        // five times. The shared pool — the chunks' connections, which writers use as they like — keeps the reset.
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        // Its statements use only PostgreSQL's built-in types (bigint, text, timestamptz, char, double precision), which Npgsql
        // knows without asking: no second load of the server's type catalogue in every process. The shared pool, whose connections
        // writers use with any type (and any mapping ConfigureDataSource adds), loads it as usual.
        builder.ConfigureTypeLoading(typeLoading => typeLoading.EnableTypeLoading(false));
        var own = builder.Build();
        return new RelationalJobRepository(
            PostgresDialect.Instance, Wrap(shared, wrap), options.CreateSchema, timeProvider, ownStatements: Wrap(own, wrap));
    }

    /// <summary>A wrapper (tests, benchmarks: counting statements) around each data source; it disposes what it wraps.</summary>
    private static DbDataSource Wrap(NpgsqlDataSource dataSource, Func<DbDataSource, DbDataSource>? wrap) =>
        wrap is null ? dataSource : wrap(dataSource);

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
