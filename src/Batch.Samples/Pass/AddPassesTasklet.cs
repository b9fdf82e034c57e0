using Batch.Infrastructure.Repository;
using Batch.Steps;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Samples.Pass;

/// <summary>
/// Issues the due bulk passes (start time ≤ now, READY), one per call: a pass for every member of the bulk pass's group (one
/// <c>INSERT … SELECT</c>), then the bulk pass COMPLETED with the time and count — all through the call's transaction, which commits
/// with the step's checkpoint. A crash before the commit leaves the bulk pass READY and no pass issued; after it, the bulk pass is
/// COMPLETED and never read again. The unique index on (bulk pass, member) refuses a second pass even if two runs raced.
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

        // One set-based INSERT … SELECT over the group's members (the same SQL on PostgreSQL and SQLite), not a pass per member through
        // SaveChanges; every value a parameter. The unique index on (bulk_pass_id, member_id) fails it if a member has this pass already.
        var active = PassText.ToUpperSnake(nameof(PassStatus.Active));
        var issued = await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO pass_pass (package_id, member_id, status, starts_at, ends_at, remaining_sessions, bulk_pass_id)
            SELECT {bulkPass.PackageId}, g.member_id, {active}, {bulkPass.StartsAt}, {bulkPass.EndsAt}, CAST({bulkPass.Sessions} AS INTEGER), {bulkPass.Id}
            FROM pass_group_member g WHERE g.group_id = {bulkPass.GroupId}
            ORDER BY g.member_id
            """,
            cancellationToken);
        if (failAt == bulkPass.Id)
        {
            throw new InvalidOperationException(
                $"Simulated failure after issuing bulk pass {bulkPass.Id}, before it is marked COMPLETED and committed (parameter failAt). Run the same command without -failAt: nothing of it was kept.");
        }

        bulkPass.Status = BulkPassStatus.Completed;
        bulkPass.IssuedAt = now;
        bulkPass.IssuedCount = issued;
        await db.SaveChangesAsync(cancellationToken);

        var step = context.ExecutionContext;
        step.Put(IssuedKey, step.GetLong(IssuedKey, 0) + issued);
        step.Put(BulkPassesKey, step.GetLong(BulkPassesKey, 0) + 1);
        PassLog.BulkPassIssued(context.Step.LoggerFactory.CreateLogger(PassLog.Category), bulkPass.Id, bulkPass.GroupId, issued);
        return RepeatStatus.Continuable;
    }
}
