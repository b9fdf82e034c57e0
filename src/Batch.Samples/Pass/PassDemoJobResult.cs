using Batch.Model;

namespace Samples.Pass;

/// <summary>What one job of <c>pass-demo</c> did: its execution as the job repository recorded it, and what the sample's own queries saw change.</summary>
/// <param name="Execution">The ended execution, with its steps and their counts.</param>
/// <param name="Changes">Rows changed, each kind with its count, in the order printed (<c>passes expired</c>: 812).</param>
/// <param name="Facts">Other counts worth printing that are not rows (<c>sessions taken off passes</c>, messages received).</param>
/// <param name="Files">The files the job wrote, with whether their content changed.</param>
internal sealed record PassDemoJobResult(
    JobExecution Execution,
    IReadOnlyList<KeyValuePair<string, long>> Changes,
    IReadOnlyList<KeyValuePair<string, long>> Facts,
    IReadOnlyList<PassDemoFile> Files)
{
    /// <summary>Rows changed in all, and files whose content changed.</summary>
    public long Changed => Changes.Sum(c => c.Value) + Files.Count(f => f.Changed);
}

/// <summary>A file a job wrote.</summary>
/// <param name="Path">Its full path.</param>
/// <param name="Changed">Whether its content differs from what was there before (or it is new).</param>
internal sealed record PassDemoFile(string Path, bool Changed);
