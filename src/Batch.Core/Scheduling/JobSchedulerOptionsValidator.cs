using Batch.Launch;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Batch.Scheduling;

/// <summary>
/// Checks the schedules when the host starts, as <see cref="JobScheduler.Validate"/> does: the job registry is built only when there
/// are schedules, so an application without any pays nothing.
/// </summary>
internal sealed class JobSchedulerOptionsValidator(IServiceProvider services) : IValidateOptions<JobSchedulerOptions>
{
    public ValidateOptionsResult Validate(string? name, JobSchedulerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>(options.BindingErrors);
        if (options.Schedules.Count > 0)
        {
            ScheduledEntry.ReadAll(options.Schedules, services.GetRequiredService<IJobRegistry>, services.GetService<TimeProvider>() ?? TimeProvider.System, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
