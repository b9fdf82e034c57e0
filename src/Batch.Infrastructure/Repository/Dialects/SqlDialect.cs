using System.Data.Common;

namespace Batch.Infrastructure.Repository.Dialects;

/// <summary>
/// What differs between the databases the relational job repository runs on. The statements are the
/// same text everywhere (see <see cref="Sql.RepositorySql"/>); a dialect only knows how to recognise a
/// unique violation, whether to send the checkpoint's two statements in one round trip, and how to
/// create the schema safely when several processes start at once.
/// </summary>
internal abstract class SqlDialect
{
    /// <summary>The database's name, for messages ("PostgreSQL", "SQLite").</summary>
    public abstract string DisplayName { get; }

    /// <summary>The name of the embedded create script.</summary>
    public abstract string SchemaResourceName { get; }

    /// <summary>Whether the provider sends a <see cref="DbBatch"/> in one round trip (so a checkpoint with a changed context costs one).</summary>
    public abstract bool UseBatches { get; }

    /// <summary>Whether statements run at every chunk are worth preparing once per step (the server then parses and plans them once).</summary>
    public virtual bool PreparesStatements => false;

    /// <summary>Gives a parameter that carries a UTC time (or null) its database type, so a prepared statement keeps it when the value is null.</summary>
    /// <param name="parameter">The parameter.</param>
    public virtual void TypeTimeParameter(DbParameter parameter)
    {
    }

    /// <summary>Whether the exception is a unique-constraint violation.</summary>
    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>Prepares the database before first use: creates the schema when asked (idempotently, safe when several processes start at once).</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="createSchema">Whether to run the create script.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public abstract Task InitializeAsync(DbConnection connection, bool createSchema, CancellationToken cancellationToken);

    /// <summary>Reads the embedded create script.</summary>
    protected string ReadCreateScript()
    {
        using var stream = typeof(SqlDialect).Assembly.GetManifestResourceStream(SchemaResourceName)
            ?? throw new InvalidOperationException($"The schema script '{SchemaResourceName}' is not embedded in Batch.Infrastructure; the package is damaged.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
