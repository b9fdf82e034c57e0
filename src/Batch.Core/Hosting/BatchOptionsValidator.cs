using Microsoft.Extensions.Options;

namespace Batch.Hosting;

/// <summary>Checks <see cref="BatchOptions"/> when the host starts; each failure says which setting is wrong and what to write instead.</summary>
internal sealed class BatchOptionsValidator : IValidateOptions<BatchOptions>
{
    public ValidateOptionsResult Validate(string? name, BatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>(options.BindingErrors);
        if (options.RecoverStaleAfter < TimeSpan.Zero)
        {
            failures.Add($"Batch:RecoverStaleAfter is {options.RecoverStaleAfter:c}, a negative age: give how long a heartbeat may be silent, for example '00:10:00' (ten minutes, the default).");
        }

        if (options.FinalStatusRetryFor < TimeSpan.Zero)
        {
            failures.Add($"Batch:FinalStatusRetryFor is {options.FinalStatusRetryFor:c}, a negative duration: give how long the end of an execution is retried when the database is unreachable, for example '00:01:00' (one minute, the default) or '00:00:00' (no retry).");
        }

        if (options.HeartbeatInterval <= TimeSpan.Zero || options.HeartbeatInterval > BatchOptions.MaxHeartbeatInterval)
        {
            failures.Add($"Batch:HeartbeatInterval is {options.HeartbeatInterval:c}: give how often a running execution's heartbeat is refreshed, more than zero and at most a day, for example '00:00:30' (thirty seconds, the default).");
        }
        else if (options.TakeOverDeadExecutionsAfter is { } takeOver && takeOver < options.HeartbeatInterval * 4)
        {
            failures.Add($"Batch:TakeOverDeadExecutionsAfter is {takeOver:c}, less than four heartbeats ({options.HeartbeatInterval * 4:c} with Batch:HeartbeatInterval {options.HeartbeatInterval:c}): " +
                "a live process could be taken for dead. Give a longer age, for example '00:10:00' (ten minutes), or 'off'.");
        }

        if (options.LaunchPollInterval <= TimeSpan.Zero || options.LaunchPollInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"Batch:LaunchPollInterval is {options.LaunchPollInterval:c}: give how often a waiting launch asks for a slot again, more than zero and at most a minute, for example '00:00:01' (one second, the default).");
        }
        else if (options.LaunchWaitingTicketStaleAfter < options.LaunchPollInterval * 4)
        {
            failures.Add($"Batch:LaunchWaitingTicketStaleAfter is {options.LaunchWaitingTicketStaleAfter:c}, less than four polls ({options.LaunchPollInterval * 4:c} with Batch:LaunchPollInterval {options.LaunchPollInterval:c}): " +
                "a waiting launch could lose its place while it is alive. Give a longer age, for example '00:01:00' (one minute, the default).");
        }

        foreach (var (group, limit) in options.LaunchGroups)
        {
            if (limit < 1)
            {
                failures.Add($"Batch:LaunchGroups:{group} is {limit}: a launch group must allow at least 1 live execution.");
            }
        }

        if (options.ListInstancesPerJob < 1)
        {
            failures.Add($"Batch:ListInstancesPerJob is {options.ListInstancesPerJob}: 'list' must show at least 1 instance per job (the default is 5).");
        }

        if (options.StopUpdateAttempts < 1)
        {
            failures.Add($"Batch:StopUpdateAttempts is {options.StopUpdateAttempts}: 'stop' needs at least 1 attempt (the default is 3).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
