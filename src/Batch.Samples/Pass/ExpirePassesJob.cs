using Batch.Infrastructure.Database;
using Batch.Items;
using Batch.Jobs;
using Batch.Steps;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Samples.Pass;

/// <summary>
/// <c>expire-passes</c> (seed 003's 이용권 만료 job): one chunk step. The reader pages the active passes whose end has passed or whose
/// sessions are used up, by id (the EF Core keyset reader); the writer marks each chunk's passes EXPIRED with the time of expiry in
/// one <c>UPDATE</c>, in the chunk's transaction, so the change commits with the checkpoint. A rerun finds nothing to expire.
/// </summary>
internal static class ExpirePassesJob
{
    public const string Name = "expire-passes";
    public const string StepName = "expire";
    private const int ChunkSize = 500;

    public static IJob Create() =>
        new JobBuilder(Name)
            .Incrementer(new RunIdIncrementer())
            .Validator(PassJobParameters.Validator())
            .MaxLiveExecutions(1)
            .Start(PrepareTablesStep.Create())
            .Next(new StepBuilder(StepName)
                .Chunk<MemberPass, MemberPass>(ctx => PassJobParameters.ChunkSizeOf(ctx, ChunkSize))
                .Reader(ctx =>
                {
                    var now = PassJobParameters.ResolveNow(ctx);
                    return PassReaders.Keyset(ctx, ChunkSize, "expire.reader",
                        db => db.Passes.Where(p => p.Status == PassStatus.Active && (p.EndsAt <= now || p.RemainingSessions <= 0)), p => p.Id);
                })
                .Processor(ctx => new FailAtProcessor<MemberPass>(PassJobParameters.FailAtId(ctx.JobParameters), p => p.Id, "pass"))
                .Writer(ctx =>
                {
                    var database = ctx.Services.GetRequiredService<PassDatabase>();
                    var now = PassJobParameters.ResolveNow(ctx);
                    return new EntityFrameworkItemWriter<MemberPass>(database.CreateChunkContext, (db, chunk, ct) => ExpireAsync((PassDbContext)db, chunk, now, ct));
                })
                .Build())
            .Build();

    /// <summary>One statement per chunk; <c>Status = ACTIVE</c> again in the WHERE, so a pass expired meanwhile keeps its first expiry time.</summary>
    private static Task<int> ExpireAsync(PassDbContext db, Chunk<MemberPass> chunk, DateTime now, CancellationToken cancellationToken)
    {
        var ids = new long[chunk.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = chunk[i].Id;
        }

        return db.Passes
            .Where(p => ids.Contains(p.Id) && p.Status == PassStatus.Active)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, PassStatus.Expired).SetProperty(p => p.ExpiredAt, now), cancellationToken);
    }
}
