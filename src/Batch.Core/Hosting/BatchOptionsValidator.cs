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
