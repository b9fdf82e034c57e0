using Batch.Items;
using Batch.Jobs;
using Batch.Launch;
using Batch.Repository;
using Batch.Steps;

namespace Batch.Core.Tests.Steps;

/// <summary>A writer asks its chunk for the repository's database with a clear error where there is none.</summary>
public class ChunkTransactionAccessTests
{
    [Test]
    public async Task A_writer_that_asks_the_in_memory_repository_for_a_connection_fails_the_step_saying_which_repository_to_use()
    {
        var step = new StepBuilder("load")
            .Chunk<int>(2)
            .Reader(_ => new ListItemReader<int>([1, 2]))
            .Writer(new ConnectionWriter())
            .Build();

        var execution = await new JobLauncher(new InMemoryJobRepository())
            .RunAsync(new JobBuilder("db-writer").Start(step).Build(), JobParameters.Empty, CancellationToken.None);

        execution.Status.Should().Be(BatchStatus.Failed);
        execution.StepExecutions.Single().ExitStatus.ExitDescription.Should().Contain("has no database").And.Contain("UseSqlite");
    }

    [Test]
    public void Asking_for_a_connection_outside_a_write_says_where_it_is_available()
    {
        IChunkTransaction? none = null;

        var ask = () => none.GetConnection();

        ask.Should().Throw<InvalidOperationException>().WithMessage("*inside IItemWriter.WriteAsync*");
    }

    private sealed class ConnectionWriter : IItemWriter<int>
    {
        public ValueTask WriteAsync(Chunk<int> chunk, CancellationToken cancellationToken)
        {
            _ = chunk.Transaction.GetConnection();
            return ValueTask.CompletedTask;
        }
    }
}
