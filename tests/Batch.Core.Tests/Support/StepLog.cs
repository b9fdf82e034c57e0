using Batch.Steps;

namespace Batch.Core.Tests.Support;

/// <summary>Tasklet steps that record, in order, that they ran (thread-safe, for splits).</summary>
internal sealed class StepLog
{
    private readonly List<string> _ran = [];

    public IReadOnlyList<string> Ran
    {
        get
        {
            lock (_ran)
            {
                return [.. _ran];
            }
        }
    }

    /// <summary>How many times the step ran.</summary>
    public int Count(string name) => Ran.Count(n => n == name);

    /// <summary>A step that records itself, then does <paramref name="work"/> (which may throw, or set an exit status).</summary>
    public TaskletStep Step(string name, Func<TaskletContext, CancellationToken, ValueTask>? work = null, Action<TaskletStepBuilder>? configure = null)
    {
        var builder = new StepBuilder(name).Tasklet(async (context, ct) =>
        {
            lock (_ran)
            {
                _ran.Add(name);
            }

            if (work is not null)
            {
                await work(context, ct);
            }

            return RepeatStatus.Finished;
        });
        configure?.Invoke(builder);
        return builder.Build();
    }

    /// <summary>A step that records itself and ends with the given exit code.</summary>
    public TaskletStep Exits(string name, string exitCode) =>
        Step(name, (context, _) =>
        {
            context.StepExecution.ExitStatus = new ExitStatus(exitCode);
            return ValueTask.CompletedTask;
        });

    /// <summary>A step that records itself and fails while <paramref name="fails"/> says so.</summary>
    public TaskletStep Fails(string name, Func<bool> fails) =>
        Step(name, (_, _) => fails() ? throw new InvalidOperationException($"{name} failed") : ValueTask.CompletedTask);
}
