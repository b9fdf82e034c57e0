namespace Batch.Scheduling;

/// <summary>How a schedule launches its job at each occurrence; decided from the job when the scheduler starts.</summary>
internal enum ScheduleLaunch
{
    /// <summary>The job has a business date: catch up every date not yet completed, up to today (<c>IJobOperator.CatchUpAsync</c>).</summary>
    CatchUp,

    /// <summary>The job has an incrementer: its next instance (<c>IJobOperator.StartNextInstanceAsync</c>), the entry's parameters overriding.</summary>
    NextInstance,

    /// <summary>Neither: the instance of the entry's parameters (<c>IJobOperator.StartAsync</c>), run again only while it has not completed.</summary>
    SameInstance,
}
