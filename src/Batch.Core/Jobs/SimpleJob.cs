using Batch.Steps;

namespace Batch.Jobs;

/// <summary>A job that runs its steps in order and stops at the first that does not complete.</summary>
public sealed class SimpleJob : JobBase
{
    private readonly IStep[] _steps;

    /// <summary>Creates the job. Prefer <see cref="JobBuilder"/>.</summary>
    /// <param name="name">The job's name.</param>
    /// <param name="steps">The steps, in order; names must be unique.</param>
    /// <param name="options">Restartability, incrementer, validator and listeners.</param>
    public SimpleJob(string name, IEnumerable<IStep> steps, JobOptions options)
        : base(name, options)
    {
        ArgumentNullException.ThrowIfNull(steps);
        _steps = [.. steps];
        if (_steps.Length == 0)
        {
            throw new ArgumentException($"Job '{name}' has no steps: add one with .Start(step).", nameof(steps));
        }

        var all = _steps.Concat(new[] { options.PreStep, options.PostStep }.OfType<IStep>());
        var duplicate = all.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Job '{name}' has two steps named '{duplicate.Key}': step names must be unique within a job.", nameof(steps));
        }
    }

    /// <summary>The steps, in order.</summary>
    public IReadOnlyList<IStep> Steps => _steps;

    /// <inheritdoc />
    protected override async Task<(BatchStatus Status, ExitStatus ExitStatus)> DoExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var execution = context.JobExecution;
        var exit = ExitStatus.Noop;
        foreach (var step in _steps)
        {
            var stepExecution = await context.RunStepAsync(step, cancellationToken).ConfigureAwait(false);
            var ranNow = stepExecution.JobExecution.Id == execution.Id;
            if (stepExecution.Status != BatchStatus.Completed)
            {
                return (Unsuccessful(stepExecution.Status), stepExecution.ExitStatus);
            }

            exit = ranNow ? stepExecution.ExitStatus : exit;
        }

        return (BatchStatus.Completed, exit == ExitStatus.Noop ? ExitStatus.Noop : ExitStatus.Completed.And(exit));
    }
}
