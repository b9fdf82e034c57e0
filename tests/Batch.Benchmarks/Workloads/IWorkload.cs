namespace Batch.Benchmarks.Workloads;

/// <summary>One end-to-end workload: the framework doing some work, and the same work done by hand (the baseline), measured in the same run.</summary>
internal interface IWorkload
{
    /// <summary>The workload's name in the results table.</summary>
    string Name { get; }

    /// <summary>Runs the workload at the given scale (1.0 = the documented size) and returns its results (one or more rows).</summary>
    Task<IReadOnlyList<WorkloadResult>> RunAsync(BenchmarkSettings settings, CancellationToken cancellationToken);
}
