using Batch.Infrastructure.Repository;
using Batch.Steps;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Samples.Pass;

/// <summary>
/// Issues the due bulk passes (start time ≤ now, READY), one per call: a pass for every member of the bulk pass's group, then the bulk
/// pass COMPLETED with the time and count — all through the call's transaction, which commits with the step's checkpoint. A crash
/// before the commit leaves the bulk pass READY and no pass issued; after it, the bulk pass is COMPLETED and never read again. The
/// unique index on (bulk pass, member) refuses a second pass even if two runs raced.
/// </summary>
internal sealed class AddPassesTasklet : ITasklet
{
    private const string IssuedKey = "add.issued";
    private const string BulkPassesKey = "add.bulkPasses";

    public async ValueTask<RepeatStatus> ExecuteAsync(TaskletContext context, CancellationToken cancellationToken)
    {
        var now = PassJobParameters.ResolveNow(context.Step);
        var failAt = PassJobParameters.FailAtId(context.JobParameters);
        await using var db = context.Step.Services.GetRequiredService<PassDatabase>().CreateChunkContext();
        await db.Database.UseChunkTransactionAsync(context.Transaction, cancellationToken);

        var bulkPass = await db.BulkPasses
            .Where(b => b.Status == BulkPassStatus.Ready && b.StartsAt <= now)
            .OrderBy(b => b.StartsAt).ThenBy(b => b.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (bulkPass is null)
        {
            return RepeatStatus.Finished;
        }

        var members = await db.GroupMembers
            .Where(g => g.GroupId == bulkPass.GroupId)
            .Select(g => g.MemberId)
            .OrderBy(id => id)
            .ToListAsync(cancellationToken);
        foreach (var memberId in members)
        {
            db.Passes.Add(new MemberPass
            {
                PackageId = bulkPass.PackageId,
                MemberId = memberId,
                Status = PassStatus.Active,
                StartsAt = bulkPass.StartsAt,
                EndsAt = bulkPass.EndsAt,
                RemainingSessions = bulkPass.Sessions,
                BulkPassId = bulkPass.Id,
            });
        }

        bulkPass.Status = BulkPassStatus.Completed;
        bulkPass.IssuedAt = now;
        bulkPass.IssuedCount = members.Count;
        await db.SaveChangesAsync(cancellationToken);
        if (failAt == bulkPass.Id)
        {
            throw new InvalidOperationException(
                $"Simulated failure after issuing bulk pass {bulkPass.Id}, before its commit (parameter failAt). Run the same command without -failAt: nothing of it was kept.");
        }

        var step = context.ExecutionContext;
        step.Put(IssuedKey, step.GetLong(IssuedKey, 0) + members.Count);
        step.Put(BulkPassesKey, step.GetLong(BulkPassesKey, 0) + 1);
        PassLog.BulkPassIssued(context.Step.LoggerFactory.CreateLogger(PassLog.Category), bulkPass.Id, bulkPass.GroupId, members.Count);
        return RepeatStatus.Continuable;
    }
}
