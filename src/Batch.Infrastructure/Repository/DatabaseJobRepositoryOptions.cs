namespace Batch.Infrastructure.Repository;

/// <summary>What the database job repositories share in their options.</summary>
public abstract class DatabaseJobRepositoryOptions
{
    /// <summary>
    /// Whether the repository creates its tables when they are missing (true by default on SQLite and PostgreSQL). The first
    /// command that writes (a launch, stop, recover…) checks with a read that the six meta tables are there and, only if they are
    /// not, runs the create script of <c>schema/</c> (idempotent; safe when several processes start at once). Read-only commands
    /// (show, list: the explorer) never create the schema or a SQLite file and take no write lock; they see a missing one as an
    /// empty repository. When false, a missing schema fails the first write with a message naming the table and how to create it
    /// (set this option, or run <c>schema/postgresql/create.sql</c> or <c>schema/sqlite/create.sql</c>): for a database user
    /// without the right to create tables.
    /// </summary>
    public bool CreateSchema { get; set; }
}
