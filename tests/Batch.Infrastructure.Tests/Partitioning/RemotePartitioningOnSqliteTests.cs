using Batch.Hosting;
using Batch.Partitioning;
using Microsoft.Extensions.DependencyInjection;

namespace Batch.Infrastructure.Tests.Partitioning;

public sealed class RemotePartitioningOnSqliteTests
{
    [Test]
    public async Task Remote_partitioning_on_SQLite_is_refused_saying_to_use_PostgreSQL_or_the_local_handler()
    {
        var path = Path.Combine(Path.GetTempPath(), $"batch-test-{Guid.NewGuid():N}.db");
        var services = new ServiceCollection();
        services.AddBatch(batch => batch.UseSqlite(path).AddRemotePartitioning());
        await using var provider = services.BuildServiceProvider();
        var runner = provider.GetRequiredService<BatchCommandLineRunner>();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var resolve = () => provider.GetRequiredService<IPartitionQueue>();
        var exitCode = await runner.RunAsync(["worker"], output, error, CancellationToken.None);

        resolve.Should().Throw<NotSupportedException>()
            .WithMessage("Remote partitioning needs the PostgreSQL job repository, and this application uses the SQLite job repository.*leave out .Remote()*");
        exitCode.Should().Be(BatchExitCodes.Failed);
        error.ToString().Should().Contain("needs the PostgreSQL job repository");
        File.Exists(path).Should().BeFalse("nothing was written");
    }
}
