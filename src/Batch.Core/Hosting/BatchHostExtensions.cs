using Batch.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>Runs the Batch command line on a generic host.</summary>
public static class BatchHostExtensions
{
    /// <summary>
    /// Starts the host, runs one Batch command (<c>run &lt;job&gt; [parameters]</c>, <c>restart &lt;id&gt;</c>,
    /// <c>stop &lt;id&gt;</c>, <c>list</c>, ...) and stops the host. Ctrl+C and SIGTERM stop a running job at its
    /// next chunk boundary (STOPPED, restartable).
    /// </summary>
    /// <param name="host">The built host (with <c>AddBatch</c> registered).</param>
    /// <param name="args">The command-line arguments.</param>
    /// <returns>The process exit code (see <see cref="BatchExitCodes"/>).</returns>
    /// <example>
    /// <code>
    /// var builder = Host.CreateApplicationBuilder(args);
    /// builder.Services.AddBatch(batch =&gt; batch.AddJob(myJob));
    /// using var host = builder.Build();
    /// return await host.RunBatchCommandLineAsync(args);
    /// </code>
    /// </example>
    public static async Task<int> RunBatchCommandLineAsync(this IHost host, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(args);
        await host.StartAsync().ConfigureAwait(false);
        try
        {
            var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
            var runner = host.Services.GetRequiredService<BatchCommandLineRunner>();
            return await runner.RunAsync(args, Console.Out, Console.Error, lifetime.ApplicationStopping).ConfigureAwait(false);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
