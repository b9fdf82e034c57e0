using Batch.Jobs;
using Batch.Steps;

namespace Batch.Flows;

/// <summary>A job that runs a <see cref="Flow"/>. Build it with <see cref="JobBuilder.Flow(Flow)"/>.</summary>
public sealed class FlowJob : JobBase
{
    /// <summary>Creates the job.</summary>
    /// <param name="name">The job's name.</param>
    /// <param name="flow">The flow.</param>
    /// <param name="options">Restartability, incrementer, validator, listeners, pre- and post-step.</param>
    /// <exception cref="ArgumentException">Two different steps share a name, or two flows share a name.</exception>
    public FlowJob(string name, Flow flow, JobOptions options)
        : base(name, options)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(options);
        Flow = flow;
        IEnumerable<IStep> all = flow.Steps();
        all = options.PreStep is { } pre ? all.Append(pre) : all;
        all = options.PostStep is { } post ? all.Append(post) : all;
        var clash = all.Distinct().GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new ArgumentException($"Job '{name}' has two different steps named '{clash.Key}': step names must be unique within a job (they key its restart history).", nameof(flow));
        }

        var flowClash = flow.Flows().Distinct().GroupBy(f => f.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (flowClash is not null)
        {
            throw new ArgumentException($"Job '{name}' has two different flows named '{flowClash.Key}': flow names must be unique within a job.", nameof(flow));
        }
    }

    /// <summary>The flow.</summary>
    public Flow Flow { get; }

    /// <inheritdoc />
    protected override async Task<(BatchStatus Status, ExitStatus ExitStatus)> DoExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var outcome = await Flow.RunAsync(new FlowRun(context.JobExecution, context.Runtime), null, cancellationToken).ConfigureAwait(false);
        return (outcome.Status == BatchStatus.Completed ? BatchStatus.Completed : Unsuccessful(outcome.Status), outcome.ExitStatus);
    }
}
