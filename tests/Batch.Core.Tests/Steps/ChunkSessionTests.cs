using System.Reflection;
using System.Runtime.ExceptionServices;
using Batch.Items;
using Batch.Jobs;
using Batch.Launch;
using Batch.Repository;
using Batch.Steps;

namespace Batch.Core.Tests.Steps;

public class ChunkSessionTests
{
    [Test]
    public async Task A_chunk_step_runs_every_chunk_in_one_session_and_disposes_it_when_the_step_ends()
    {
        var (repository, sessions) = SessionCountingRepository.Wrap(new InMemoryJobRepository());
        var job = new JobBuilder("sessions")
            .Start(new StepBuilder("numbers").Chunk<int>(10).Reader(_ => new ListItemReader<int>(Enumerable.Range(1, 95).ToArray())).Writer(new ListItemWriter<int>()).Build())
            .Build();

        var execution = await new JobLauncher(repository).RunAsync(job, JobParameters.Empty, CancellationToken.None);

        execution.Status.Should().Be(BatchStatus.Completed);
        sessions.Opened.Should().Be(1);
        sessions.Disposed.Should().Be(1);
        sessions.Chunks.Should().Be(10, "95 items in chunks of 10 commit 10 times, all in the step's one session");
    }

    [Test]
    public async Task A_failing_step_disposes_its_session_too()
    {
        var (repository, sessions) = SessionCountingRepository.Wrap(new InMemoryJobRepository());
        var job = new JobBuilder("sessions")
            .Start(new StepBuilder("numbers").Chunk<int>(10)
                .Reader(_ => new ListItemReader<int>(Enumerable.Range(1, 95).ToArray()))
                .Writer(new PoisonedWriter(57))
                .Build())
            .Build();

        var execution = await new JobLauncher(repository).RunAsync(job, JobParameters.Empty, CancellationToken.None);

        execution.Status.Should().Be(BatchStatus.Failed);
        (sessions.Opened, sessions.Disposed).Should().Be((1, 1));
    }

    [Test]
    public async Task A_tasklet_step_runs_its_calls_in_one_session()
    {
        var (repository, sessions) = SessionCountingRepository.Wrap(new InMemoryJobRepository());
        var calls = 0;
        var job = new JobBuilder("sessions")
            .Start(new StepBuilder("loop").Tasklet((_, _) => ValueTask.FromResult(++calls < 4 ? RepeatStatus.Continuable : RepeatStatus.Finished)).Build())
            .Build();

        await new JobLauncher(repository).RunAsync(job, JobParameters.Empty, CancellationToken.None);

        (sessions.Opened, sessions.Disposed, sessions.Chunks).Should().Be((1, 1, 4));
    }

    private sealed class PoisonedWriter(int poison) : IItemWriter<int>
    {
        public ValueTask WriteAsync(Chunk<int> chunk, CancellationToken cancellationToken) =>
            chunk.Contains(poison) ? throw new InvalidOperationException($"item {poison} is poisoned") : ValueTask.CompletedTask;
    }

    /// <summary>Forwards to a real repository and counts the sessions it opens, their chunks and their disposals.</summary>
    public class SessionCountingRepository : DispatchProxy
    {
        private IJobRepository _inner = null!;
        private Counts _counts = null!;

        public static (IJobRepository Repository, Counts Sessions) Wrap(IJobRepository inner)
        {
            var proxy = Create<IJobRepository, SessionCountingRepository>();
            var counting = (SessionCountingRepository)(object)proxy;
            counting._inner = inner;
            counting._counts = new Counts();
            return (proxy, counting._counts);
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name == nameof(IJobRepository.OpenChunkSessionAsync))
            {
#pragma warning disable CA2012 // the proxy hands the ValueTask to the caller, who awaits it once
                return OpenAsync((StepExecution)args![0]!, (CancellationToken)args[1]!);
#pragma warning restore CA2012
            }

            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }
        }

        private async ValueTask<IChunkSession> OpenAsync(StepExecution step, CancellationToken cancellationToken)
        {
            _counts.Opened++;
            return new Session(await _inner.OpenChunkSessionAsync(step, cancellationToken), _counts);
        }

        public sealed class Counts
        {
            public int Opened { get; set; }

            public int Disposed { get; set; }

            public int Chunks { get; set; }
        }

        private sealed class Session(IChunkSession inner, Counts counts) : IChunkSession
        {
            public ValueTask<IChunkTransaction> BeginChunkAsync(CancellationToken cancellationToken)
            {
                counts.Chunks++;
                return inner.BeginChunkAsync(cancellationToken);
            }

            public ValueTask DisposeAsync()
            {
                counts.Disposed++;
                return inner.DisposeAsync();
            }
        }
    }
}
