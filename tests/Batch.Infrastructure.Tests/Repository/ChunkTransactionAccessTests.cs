using Batch.Infrastructure.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Batch.Infrastructure.Tests.Repository;

/// <summary>A writer gets the chunk's connection as its provider's own type, or an error naming both types.</summary>
public sealed class ChunkTransactionAccessTests
{
    [Test]
    public async Task A_chunk_on_SQLite_gives_its_SqliteConnection_and_refuses_to_be_an_NpgsqlConnection()
    {
        await using var backend = new SqliteBackend();
        var repository = await backend.OpenAsync();
        var execution = await repository.CreateJobExecutionAsync(new JobLaunchRequest("job", JobParameters.Empty), CancellationToken.None);
        var step = execution.CreateStepExecution("step");
        await repository.AddStepExecutionAsync(step, CancellationToken.None);

        await using var chunk = await repository.BeginChunkAsync(step, CancellationToken.None);
        var connection = chunk.GetConnection<SqliteConnection>();
        var transaction = chunk.GetTransaction();
        var wrong = () => chunk.GetConnection<NpgsqlConnection>();

        connection.State.Should().Be(System.Data.ConnectionState.Open);
        transaction.Connection.Should().BeSameAs(connection);
        wrong.Should().Throw<InvalidOperationException>().WithMessage("*is a SqliteConnection, not a NpgsqlConnection*");
        await chunk.RollbackAsync(CancellationToken.None);
    }
}
