namespace Batch.Infrastructure.Repository;

/// <summary>What the database job repositories share in their options.</summary>
public abstract class DatabaseJobRepositoryOptions
{
    /// <summary>
    /// Whether the repository creates its tables (idempotently, <c>CREATE … IF NOT EXISTS</c>) before its
    /// first use. Safe when several processes start at once. The scripts are those of <c>schema/</c>.
    /// </summary>
    public bool CreateSchema { get; set; }
}
