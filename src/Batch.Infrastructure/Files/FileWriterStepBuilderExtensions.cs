using Batch.Steps;

namespace Batch.Infrastructure.Files;

/// <summary>
/// Adds a file writer to a chunk step, made for each step execution, and has it told when the execution ends, so that its footer
/// (<see cref="FileWriterOptions.Footer"/>) is written once when the step completes. Without a footer, <c>.Writer(...)</c> does as well.
/// </summary>
/// <example>
/// <code>
/// new StepBuilder("export")
///     .Chunk&lt;Order, Order&gt;(1000)
///     .Reader(...)
///     .FileWriter(ctx =&gt; new DelimitedFileWriter&lt;Order&gt;(
///         new DelimitedFileWriterOptions
///         {
///             Path = ctx.JobParameters.GetString("output")!,
///             ColumnNames = ["id", "name", "amount"],
///             Footer = (w, count) =&gt; w.Write($"# {count} orders\n"),
///         },
///         (o, f) =&gt; { f.Write(o.Id); f.Write(o.Name); f.Write(o.Amount, "0.00"); }))
///     .Build();
/// </code>
/// </example>
public static class FileWriterStepBuilderExtensions
{
    /// <summary>Writes the step's items with a <see cref="DelimitedFileWriter{T}"/> made for each execution.</summary>
    /// <typeparam name="TIn">The type read.</typeparam>
    /// <typeparam name="TOut">The type written.</typeparam>
    /// <param name="builder">The step's builder.</param>
    /// <param name="factory">Makes the writer (it can read the job parameters).</param>
    /// <returns>The builder.</returns>
    public static ChunkStepBuilder<TIn, TOut> FileWriter<TIn, TOut>(this ChunkStepBuilder<TIn, TOut> builder, Func<StepContext, DelimitedFileWriter<TOut>> factory) =>
        Add(builder, factory);

    /// <summary>Writes the step's items with a <see cref="FixedWidthFileWriter{T}"/> made for each execution.</summary>
    /// <typeparam name="TIn">The type read.</typeparam>
    /// <typeparam name="TOut">The type written.</typeparam>
    /// <param name="builder">The step's builder.</param>
    /// <param name="factory">Makes the writer.</param>
    /// <returns>The builder.</returns>
    public static ChunkStepBuilder<TIn, TOut> FileWriter<TIn, TOut>(this ChunkStepBuilder<TIn, TOut> builder, Func<StepContext, FixedWidthFileWriter<TOut>> factory) =>
        Add(builder, factory);

    /// <summary>Writes the step's items with a <see cref="JsonLinesFileWriter{T}"/> made for each execution.</summary>
    /// <typeparam name="TIn">The type read.</typeparam>
    /// <typeparam name="TOut">The type written.</typeparam>
    /// <param name="builder">The step's builder.</param>
    /// <param name="factory">Makes the writer.</param>
    /// <returns>The builder.</returns>
    public static ChunkStepBuilder<TIn, TOut> FileWriter<TIn, TOut>(this ChunkStepBuilder<TIn, TOut> builder, Func<StepContext, JsonLinesFileWriter<TOut>> factory) =>
        Add(builder, factory);

    private static ChunkStepBuilder<TIn, TOut> Add<TIn, TOut, TWriter>(ChunkStepBuilder<TIn, TOut> builder, Func<StepContext, TWriter> factory)
        where TWriter : Batch.Items.IItemWriter<TOut>, IFileCompletion
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        var completion = new FileWriterCompletion();
        return builder
            .Writer(ctx =>
            {
                var writer = factory(ctx) ?? throw new InvalidOperationException("The file writer factory returned null.");
                completion.Track(ctx.StepExecution, writer);
                return writer;
            })
            .Listener(completion);
    }
}
