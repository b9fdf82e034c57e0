using Microsoft.EntityFrameworkCore;

namespace Batch.Infrastructure.Tests.Database;

/// <summary>One EF Core model per table name (EF Core caches a model per context type otherwise).</summary>
internal sealed class TableModelCacheKeyFactory : Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) => (context.GetType(), (context as OrderContext)?.Table, designTime);
}
