using Batch.Items;
using Batch.Listeners;
using Batch.Steps;

namespace Batch.Infrastructure.Storage;

/// <summary>
/// Seed 002's 差分にこだわる: reads today's input against the last successfully processed one, kept in the
/// <see cref="Warehouse"/>, and yields only the records that are new or changed (and, when asked, deleted), keyed by a
/// column. On the first run everything is new. When the step completes, today's input becomes the kept one.
/// </summary>
/// <remarks>
/// <para>
/// Both inputs are read once, side by side, in key order (a sort-merge): memory stays at two records whatever the size of
/// the files. Both must therefore be sorted by the key, ascending, each key once; a record out of order fails the step
/// with an <see cref="Exceptions.ItemStreamException"/> naming the file and the keys. Sort the file first (an earlier
/// step, or <c>sort</c>) when the source does not deliver it sorted.
/// </para>
/// <para>
/// The reader restarts from the step's consumed count (<see cref="IItemCountRestartable"/>): both inputs are the same
/// on a restart, so the changes come out the same, in the same order. The kept input changes only when the step completes, but
/// a step's listeners run before its end is saved: when a later listener fails, or the process dies, after the kept input was
/// replaced, the step is not COMPLETED and its restart must compare with the input it compared with before. So the step's
/// context records which kept file that was (the SHA-256 of its content), and the replaced one stays beside the new one
/// (<c>KeptName</c> + <c>.previous</c>): a restart compares with whichever of the two the context names.
/// Register the object both as the reader's factory and as a step listener, as in the example.
/// </para>
/// </remarks>
/// <typeparam name="T">The record type.</typeparam>
/// <typeparam name="TKey">The key's type.</typeparam>
/// <example>
/// <code>
/// var changes = new ChangedRecords&lt;Customer, string&gt;(warehouse, new ChangedRecordsOptions&lt;Customer, string&gt;
/// {
///     InputPath = p =&gt; p.GetString("file"),
///     KeptName = "customers/last.csv",
///     OpenReader = path =&gt; new CustomerCsvReader(path),
///     Key = c =&gt; c.Id,
/// });
/// IStep import = new StepBuilder("import")
///     .Chunk&lt;RecordChange&lt;Customer&gt;&gt;(500)
///     .Reader(changes.CreateReader)
///     .Writer(applyChanges) // an IItemWriter&lt;RecordChange&lt;Customer&gt;&gt;: upsert change.Current, or delete change.Previous when Kind is Deleted
///     .Listener(changes)
///     .Build();
/// </code>
/// </example>
public sealed class ChangedRecords<T, TKey> : IStepExecutionListener
{
    private readonly Warehouse _warehouse;
    private readonly ChangedRecordsOptions<T, TKey> _options;

    /// <summary>Creates the comparison.</summary>
    /// <param name="warehouse">Where the last processed input is kept.</param>
    /// <param name="options">The inputs, the key and the comparers.</param>
    public ChangedRecords(Warehouse warehouse, ChangedRecordsOptions<T, TKey> options)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(options);
        warehouse.GetPath(options.KeptName); // refuse a bad name now
        _warehouse = warehouse;
        _options = options;
    }

    /// <summary>Creates the reader of one step execution (give it to the chunk step builder's <c>Reader</c>).</summary>
    /// <param name="context">The step's context.</param>
    /// <returns>The reader.</returns>
    public IItemReader<RecordChange<T>> CreateReader(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new ChangedRecordsReader<T, TKey>(_options.InputPath(context.JobParameters), new KeptInput(_warehouse, _options.KeptName), _options);
    }

    /// <summary>
    /// When the step completed, stores today's input in the warehouse as the kept one; the one it replaces is kept beside it (its name
    /// with <c>.previous</c>) until the next completed run, for a restart whose step had stored it before its end was saved.
    /// </summary>
    /// <param name="stepExecution">The execution.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    public async ValueTask AfterStepAsync(StepExecution stepExecution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stepExecution);
        if (stepExecution.Status == BatchStatus.Completed)
        {
            var kept = new KeptInput(_warehouse, _options.KeptName);
            await kept.SetAsideBaseAsync(stepExecution.ExecutionContext, cancellationToken).ConfigureAwait(false);
            await _warehouse.StoreAsync(_options.InputPath(stepExecution.JobParameters), _options.KeptName, cancellationToken).ConfigureAwait(false);
        }
    }
}
