using System.Linq.Expressions;
using Batch.Infrastructure.Database;
using Batch.Items;
using Batch.Steps;
using Microsoft.Extensions.DependencyInjection;

namespace Samples.Pass;

/// <summary>The readers of the pass jobs: an EF Core keyset reader over a query of a context of its own, which the reader disposes when the step closes it.</summary>
internal static class PassReaders
{
    /// <summary>Pages <paramref name="query"/> by <paramref name="key"/>, a page per chunk (the step's chunk size, <paramref name="defaultChunkSize"/> unless <c>-chunkSize</c>).</summary>
    public static IItemReader<T> Keyset<T>(
        StepContext ctx, int defaultChunkSize, string name, Func<PassDbContext, IQueryable<T>> query, Expression<Func<T, long>> key, bool keepPosition = true)
        where T : class
    {
        var db = ctx.Services.GetRequiredService<PassDatabase>().CreateContext();
        return new OwningReader<T>(
            new EntityFrameworkKeysetItemReader<T, long>(query(db), key, PassJobParameters.ChunkSizeOf(ctx, defaultChunkSize), name), db, keepPosition);
    }

    /// <summary>Pages <paramref name="query"/> in the order of <paramref name="key"/>, then <paramref name="thenKey"/> (unique together), a page per chunk.</summary>
    public static IItemReader<T> Keyset<T, TKey>(
        StepContext ctx, int defaultChunkSize, string name, Func<PassDbContext, IQueryable<T>> query, Expression<Func<T, TKey>> key, Expression<Func<T, long>> thenKey,
        bool keepPosition = true)
        where T : class
    {
        var db = ctx.Services.GetRequiredService<PassDatabase>().CreateContext();
        return new OwningReader<T>(
            new EntityFrameworkCompositeKeysetItemReader<T, TKey, long>(query(db), key, thenKey, PassJobParameters.ChunkSizeOf(ctx, defaultChunkSize), name), db, keepPosition);
    }
}
