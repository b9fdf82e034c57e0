using Batch.Items;
using Batch.Jobs;
using Batch.Launch;
using Batch.Steps;

namespace Batch.Infrastructure.Tests.Database;

/// <summary>A one-step job of orders (step "load"): a reader, a processor that can fail once at an order, and a writer.</summary>
internal sealed class OrderJob
{
    private readonly Func<IItemReader<Order>> _reader;
    private readonly Func<IItemWriter<Order>> _writer;
    private readonly int _chunkSize;

    public OrderJob(Func<IItemReader<Order>> reader, Func<IItemWriter<Order>> writer, int chunkSize)
    {
        _reader = reader;
        _writer = writer;
        _chunkSize = chunkSize;
    }

    /// <summary>The order id at which the processor throws, once (0: never).</summary>
    public long FailAt { get; set; }

    /// <summary>The ids the processor saw, in order, over every run.</summary>
    public List<long> Processed { get; } = [];

    public IJob Build() => new JobBuilder("orders")
        .Start(new StepBuilder("load")
            .Chunk<Order, Order>(_chunkSize)
            .Reader(_ => _reader())
            .Processor(ProcessAsync)
            .Writer(_ => _writer())
            .Build())
        .Build();

    public Task<JobExecution> RunAsync(IJobRepository repository, JobParameters? parameters = null) =>
        new JobLauncher(repository).RunAsync(Build(), parameters ?? JobParameters.Empty, CancellationToken.None);

    private ValueTask<ItemResult<Order>> ProcessAsync(Order order, CancellationToken cancellationToken)
    {
        if (order.Id == FailAt)
        {
            FailAt = 0;
            throw new InvalidOperationException($"Failing once at order {order.Id}");
        }

        Processed.Add(order.Id);
        return new(new ItemResult<Order>(order));
    }
}
