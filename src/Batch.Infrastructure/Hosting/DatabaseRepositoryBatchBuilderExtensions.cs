using Batch.Hosting;
using Batch.Infrastructure.Repository;
using Batch.Infrastructure.Repository.Dialects;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses a database job repository in <c>services.AddBatch(batch =&gt; …)</c>: in code, or from configuration.</summary>
public static class DatabaseRepositoryBatchBuilderExtensions
{
    /// <summary>Uses the SQLite job repository: a file, no server, safe for several processes.</summary>
    /// <param name="builder">The Batch builder.</param>
    /// <param name="connectionStringOrPath">A file path (<c>batch.db</c>) or a connection string (<c>Data Source=batch.db</c>).</param>
    /// <param name="configure">Adjusts the options (by default the first command that writes creates a missing schema; reads never do).</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// services.AddBatch(batch =&gt; batch.UseSqlite("batch.db").AddJob(job));
    /// </code>
    /// </example>
    public static BatchBuilder UseSqlite(this BatchBuilder builder, string connectionStringOrPath, Action<SqliteJobRepositoryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionStringOrPath);
        var options = new SqliteJobRepositoryOptions();
        configure?.Invoke(options);
        options.Validate();
        return builder.UseRepository(sp => RelationalJobRepository.CreateSqlite(connectionStringOrPath, options, sp.GetService<TimeProvider>()));
    }

    /// <summary>Uses the PostgreSQL job repository.</summary>
    /// <param name="builder">The Batch builder.</param>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="configure">Adjusts the options (by default, as on SQLite, the first command that writes creates a missing schema: set <see cref="DatabaseJobRepositoryOptions.CreateSchema"/> to false where the tables are made by hand).</param>
    /// <returns>The builder.</returns>
    /// <example>
    /// <code>
    /// services.AddBatch(batch =&gt; batch.UsePostgres("Host=db;Database=batch;Username=batch"));
    /// </code>
    /// </example>
    public static BatchBuilder UsePostgres(this BatchBuilder builder, string connectionString, Action<PostgresJobRepositoryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var options = new PostgresJobRepositoryOptions();
        configure?.Invoke(options);
        return builder.UseRepository(sp => RelationalJobRepository.CreatePostgres(connectionString, options, sp.GetService<TimeProvider>()));
    }

    /// <summary>
    /// Uses the PostgreSQL job repository on the <see cref="NpgsqlDataSource"/> the application registered in the services
    /// (<c>services.AddSingleton(NpgsqlDataSource.Create(connectionString))</c>, or <c>services.AddNpgsqlDataSource(...)</c> of
    /// Npgsql.DependencyInjection): one pool for the application and Batch. The repository does not dispose the data source.
    /// </summary>
    /// <param name="builder">The Batch builder.</param>
    /// <param name="configure">Adjusts the options (by default the first command that writes creates a missing schema); <see cref="PostgresJobRepositoryOptions.ConfigureDataSource"/> must stay unset.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="configure"/> sets <see cref="PostgresJobRepositoryOptions.ConfigureDataSource"/>.</exception>
    /// <example>
    /// <code>
    /// services.AddSingleton(NpgsqlDataSource.Create(connectionString));
    /// services.AddBatch(batch =&gt; batch.UsePostgres().AddJob(job));
    /// </code>
    /// </example>
    public static BatchBuilder UsePostgres(this BatchBuilder builder, Action<PostgresJobRepositoryOptions>? configure = null) =>
        builder.UsePostgres(
            sp => sp.GetService<NpgsqlDataSource>() ?? throw new InvalidOperationException(
                "UsePostgres() without a connection string uses the NpgsqlDataSource registered in the services, and none is registered: " +
                "register one (services.AddSingleton(NpgsqlDataSource.Create(connectionString)) or services.AddNpgsqlDataSource(connectionString)), " +
                "or give UsePostgres a connection string."),
            configure);

    /// <summary>
    /// Uses the PostgreSQL job repository on the <see cref="NpgsqlDataSource"/> that <paramref name="dataSource"/> returns
    /// (typically <c>sp =&gt; sp.GetRequiredService&lt;NpgsqlDataSource&gt;()</c>, or a keyed one). The repository does not dispose it.
    /// </summary>
    /// <param name="builder">The Batch builder.</param>
    /// <param name="dataSource">Returns the application's data source, from the services.</param>
    /// <param name="configure">Adjusts the options (by default the first command that writes creates a missing schema); <see cref="PostgresJobRepositoryOptions.ConfigureDataSource"/> must stay unset.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="configure"/> sets <see cref="PostgresJobRepositoryOptions.ConfigureDataSource"/>.</exception>
    public static BatchBuilder UsePostgres(this BatchBuilder builder, Func<IServiceProvider, NpgsqlDataSource> dataSource, Action<PostgresJobRepositoryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dataSource);
        var options = new PostgresJobRepositoryOptions();
        configure?.Invoke(options);
        PostgresRepositoryFactory.RefuseConfigureDataSource(options);
        return builder.UseRepository(sp => RelationalJobRepository.CreatePostgres(dataSource(sp), options, sp.GetService<TimeProvider>()));
    }

    /// <summary>
    /// Chooses the job repository from a configuration section:
    /// <c>Provider</c> (<c>Sqlite</c>, <c>Postgres</c> or <c>InMemory</c>), <c>ConnectionString</c> (a file path or
    /// connection string; not needed for InMemory), and optionally <c>CreateSchema</c> (true or false; by
    /// default true on both: the first command that writes creates a missing schema).
    /// </summary>
    /// <param name="builder">The Batch builder.</param>
    /// <param name="section">The section, for example <c>configuration.GetSection("Batch:Repository")</c>.</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// A section that cannot work — no provider or an unknown one, a missing connection string or one its driver cannot read (a misspelt
    /// keyword), a CreateSchema that is not true or false — does not throw here, while the application registers its services: the host's
    /// start fails with an <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> whose message names the key (the command
    /// line prints it and exits with code 2, <c>--help</c> included), as does anything that asks for the repository.
    /// </remarks>
    /// <example>
    /// <code>
    /// // appsettings.json: { "Batch": { "Repository": { "Provider": "Sqlite", "ConnectionString": "batch.db" } } }
    /// services.AddBatch(batch =&gt; batch.UseConfiguredRepository(configuration.GetSection("Batch:Repository")));
    /// </code>
    /// </example>
    public static BatchBuilder UseConfiguredRepository(this BatchBuilder builder, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        var path = section is IConfigurationSection named ? named.Path + ":" : string.Empty;
        try
        {
            return UseRepositoryOf(builder, section, path);
        }
        catch (InvalidOperationException wrong)
        {
            // Not thrown here, where the application registers its services (an unhandled crash before any command runs): the start
            // of the host — and the command line, which reports it with exit code 2 — fails with it, as for any bad setting.
            return ConfiguredRepositoryProblem.Register(builder, wrong.Message);
        }
    }

    private static BatchBuilder UseRepositoryOf(BatchBuilder builder, IConfiguration section, string path)
    {
        var provider = section["Provider"]?.Trim();
        var createSchema = ReadCreateSchema(section, path);
        switch (provider?.ToUpperInvariant())
        {
            case "SQLITE":
                var sqlite = RequireConnectionString(section, path, provider!);
                if (sqlite.Contains('=', StringComparison.Ordinal))
                {
                    Readable(path, () => new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(sqlite));
                }

                return builder.UseSqlite(sqlite, o => o.CreateSchema = createSchema ?? o.CreateSchema);
            case "POSTGRES" or "POSTGRESQL" or "NPGSQL":
                var postgres = RequireConnectionString(section, path, provider!);
                Readable(path, () => new Npgsql.NpgsqlConnectionStringBuilder(postgres));
                return builder.UsePostgres(postgres, o => o.CreateSchema = createSchema ?? o.CreateSchema);
            case "INMEMORY" or "MEMORY":
                return builder.UseInMemoryRepository();
            case null or "":
                throw new InvalidOperationException(
                    $"The job repository is not configured: set '{path}Provider' to Sqlite, Postgres or InMemory (and '{path}ConnectionString' for a database).");
            default:
                throw new InvalidOperationException(
                    $"'{path}Provider' is '{provider}', which is not a job repository: use Sqlite, Postgres or InMemory.");
        }
    }

    /// <summary>Reads a connection string as its driver will, so that a misspelt keyword is reported with the setting's name.</summary>
    private static void Readable(string path, Func<object> read)
    {
        try
        {
            read();
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"'{path}ConnectionString' cannot be read: {ex.Message.TrimEnd('.')}. Correct the keyword or value it names.", ex);
        }
    }

    private static string RequireConnectionString(IConfiguration section, string path, string provider)
    {
        var connectionString = section["ConnectionString"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"'{path}ConnectionString' is missing: the {provider} job repository needs it " +
                (provider.Equals("sqlite", StringComparison.OrdinalIgnoreCase) ? "(a file path such as 'batch.db')." : "(for example 'Host=localhost;Database=batch;Username=batch')."));
        }

        return connectionString;
    }

    private static bool? ReadCreateSchema(IConfiguration section, string path)
    {
        var text = section["CreateSchema"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return bool.TryParse(text.Trim(), out var value)
            ? value
            : throw new InvalidOperationException($"'{path}CreateSchema' is '{text}'; write true or false.");
    }
}
