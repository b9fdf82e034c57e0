using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Samples.Pass.Web;

/// <summary>Creates the pass tables when they are missing, before the web server answers (as every job's <c>prepare</c> step does).</summary>
internal static class PassWebTables
{
    public static async Task EnsureCreatedAsync(PassDatabase database, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await PassSchema.EnsureCreatedAsync(db, db.Database.GetDbConnection(), transaction.GetDbTransaction(), database.IsPostgres, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
