using Batch.Jobs;
using Batch.Steps;

namespace Samples.Pass;

/// <summary>
/// <c>add-passes</c> (seed 003's 이용권 일괄 지급 job): one tasklet step, <see cref="AddPassesTasklet"/>. Each call issues one due bulk pass
/// to every member of its group and marks it COMPLETED in the same transaction as the step's checkpoint, so a bulk pass is issued
/// exactly once however often the job runs or is restarted after a crash.
/// </summary>
internal static class AddPassesJob
{
    public const string Name = "add-passes";
    public const string StepName = "add";

    public static IJob Create() =>
        new JobBuilder(Name)
            .Incrementer(new RunIdIncrementer())
            .Validator(PassJobParameters.Validator())
            .MaxLiveExecutions(1)
            .Start(PrepareTablesStep.Create())
            .Next(new StepBuilder(StepName).Tasklet(ctx => new AddPassesTasklet()).Build())
            .Build();
}
