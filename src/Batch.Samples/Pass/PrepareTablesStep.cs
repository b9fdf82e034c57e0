using Batch.Repository;
using Batch.Steps;
using Microsoft.Extensions.DependencyInjection;

namespace Samples.Pass;

/// <summary>The first step of every pass job: creates the pass tables when they are missing, in the step's transaction.</summary>
internal static class PrepareTablesStep
{
    public const string Name = "prepare";

    public static IStep Create() => new StepBuilder(Name).Tasklet(PrepareAsync).Build();

    private static async ValueTask<RepeatStatus> PrepareAsync(TaskletContext context, CancellationToken cancellationToken)
    {
        var database = context.Step.Services.GetRequiredService<PassDatabase>();
        await using var db = database.CreateChunkContext();
        await PassSchema.EnsureCreatedAsync(db, context.Transaction.GetConnection(), context.Transaction.GetTransaction(), database.IsPostgres, cancellationToken);
        return RepeatStatus.Finished;
    }
}
