using Batch.Hosting;

namespace Batch.Dashboard.Hosting;

/// <summary>Adds the <c>dashboard</c> command to the Batch command line.</summary>
public static class BatchDashboardBatchBuilderExtensions
{
    /// <summary>Adds the <c>dashboard</c> command (<see cref="DashboardCommand"/>): <c>dotnet run -- dashboard</c> serves the dashboard on 127.0.0.1:5080.</summary>
    /// <param name="batch">The Batch builder.</param>
    /// <returns>The builder.</returns>
    public static BatchBuilder AddDashboardCommand(this BatchBuilder batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return batch.AddCommand<DashboardCommand>();
    }
}
