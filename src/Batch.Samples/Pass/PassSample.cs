using Batch.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Samples.Pass;

/// <summary>Adds the pass sample (seed 003) to a Batch application: its database, its jobs, and the <c>seed</c> and <c>pass-demo</c> commands.</summary>
public static class PassSample
{
    /// <summary>The pass jobs' names.</summary>
    public static readonly IReadOnlyList<string> JobNames = [ExpirePassesJob.Name, AddPassesJob.Name, NotifyBeforeClassJob.Name, UsePassesJob.Name, MakeStatisticsJob.Name];

    /// <summary>Adds <c>expire-passes</c>, <c>add-passes</c>, <c>notify-before-class</c> (notifications sent with <see cref="HttpNotificationSender"/> unless an <see cref="INotificationSender"/> is registered before), <c>use-passes</c>, <c>make-statistics</c>, the <c>seed</c> command and <c>pass-demo</c> (seed when empty, run the five jobs, print what they did), on the database of the <c>Batch</c> section.</summary>
    /// <param name="batch">The Batch builder.</param>
    /// <param name="repositorySection">The section the job repository is configured from (<c>Provider</c>, <c>ConnectionString</c>).</param>
    /// <returns>The builder.</returns>
    public static BatchBuilder AddPassSample(this BatchBuilder batch, IConfiguration repositorySection)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Services.AddSingleton(new PassDatabase(repositorySection));
        batch.Services.AddHttpClient<HttpNotificationSender>();
        batch.Services.TryAddSingleton<INotificationSender>(sp => sp.GetRequiredService<HttpNotificationSender>());
        return batch
            .AddJob(ExpirePassesJob.Create())
            .AddJob(AddPassesJob.Create())
            .AddJob(NotifyBeforeClassJob.Create())
            .AddJob(UsePassesJob.Create())
            .AddJob(MakeStatisticsJob.Create())
            .AddCommand<PassSeedCommand>()
            .AddCommand<Web.PassWebCommand>()
            .AddCommand<PassDemoCommand>();
    }
}
