using BenchmarkDotNet.Attributes;
using Batch.Repository;

namespace Batch.Benchmarks.Micro;

/// <summary>
/// Where an in-memory chunk commit spends its time: serialising the step context, and the whole
/// begin + commit of a chunk transaction with a changed and with an unchanged context.
/// </summary>
[MemoryDiagnoser]
public class CheckpointBenchmarks
{
    private InMemoryJobRepository _repository = null!;
    private StepExecution _step = null!;
    private long _position;

    [GlobalSetup]
    public async Task Setup()
    {
        _repository = new InMemoryJobRepository();
        var execution = await _repository.CreateJobExecutionAsync(new JobLaunchRequest("micro", JobParameters.Empty), CancellationToken.None);
        _step = execution.CreateStepExecution("step");
        _step.ExecutionContext.Put("reader.read.count", 0L);
        await _repository.AddStepExecutionAsync(_step, CancellationToken.None);
    }

    [Benchmark]
    public string SerializeContext() => ExecutionContextSerializer.Serialize(_step.ExecutionContext);

    [Benchmark]
    public async Task CommitWithChangedContext()
    {
        _step.ExecutionContext.Put("reader.read.count", ++_position);
        await using var transaction = await _repository.BeginChunkAsync(_step, CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
    }

    [Benchmark(Baseline = true)]
    public async Task CommitWithUnchangedContext()
    {
        await using var transaction = await _repository.BeginChunkAsync(_step, CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
    }
}
