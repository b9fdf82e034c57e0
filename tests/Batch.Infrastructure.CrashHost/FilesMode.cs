using System.Globalization;
using Batch.Hosting;
using Batch.Launch;
using Batch.Repository;

namespace Batch.Infrastructure.CrashHost;

/// <summary>
/// Runs (or restarts) one instance of the file job, and with <c>hold=kind:n</c> stops at a chosen moment, prints "holding" and
/// waits there until the test kills it (or creates the <c>release=</c> file): <c>item:n</c> — while the record with id n is
/// processed; <c>before-commit:n</c> — in the n-th chunk commit of this run, after the writers synced the chunk's lines to the
/// file and before the checkpoint commits; <c>after-commit:n</c> — right after the n-th commit.
/// </summary>
internal static class FilesMode
{
    public static async Task<int> RunAsync(HostArguments arguments)
    {
        var provider = arguments.Provider();
        await using var repository = provider.CreateRepository();
        var hold = Hold.Parse(arguments.Get("hold"), arguments.Get("release"));
        var job = FilesJob.Create(arguments.Require("input"), arguments.Require("output"), arguments.Require("format"), arguments.Int("chunk", 10), hold?.BeforeItemAsync);
        var launcher = new JobLauncher(hold?.Wrap(repository) ?? repository);
        var parameters = new JobParametersBuilder().AddLong("run", arguments.Long("run", 1)).Build();
        var execution = await launcher.RunAsync(job, parameters, CancellationToken.None);
        Console.WriteLine($"execution {execution.Id} {execution.Status.ToCode()}");
        if (execution.Status == BatchStatus.Failed)
        {
            Console.WriteLine(execution.ExitStatus.ExitDescription);
        }

        return BatchExitCodes.ForStatus(execution.Status);
    }

    private sealed record Hold(string Kind, int At, string? Release)
    {
        public static Hold? Parse(string? text, string? release)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            var parts = text.Split(':');
            var hold = new Hold(parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture), release);
            return hold.Kind is "item" or "before-commit" or "after-commit"
                ? hold
                : throw new ArgumentException($"Unknown hold '{text}': use item:N, before-commit:N or after-commit:N.");
        }

        public Func<long, CancellationToken, Task>? BeforeItemAsync => Kind == "item"
            ? (id, cancellationToken) => id == At ? WaitAsync() : Task.CompletedTask
            : null;

        public IJobRepository Wrap(IJobRepository repository) =>
            Kind == "item" ? repository : RepositoryInterceptor.Wrap(repository, (inner, chunk) => new HoldingTransaction(inner, this, chunk));

        public async Task WaitAsync()
        {
            Console.WriteLine("holding");
            Console.Out.Flush();
            while (Release is null || !File.Exists(Release))
            {
                await Task.Delay(5);
            }
        }
    }

    private sealed class HoldingTransaction(IChunkTransaction inner, Hold hold, int chunk) : IChunkTransaction
    {
        public System.Data.Common.DbConnection? Connection => inner.Connection;

        public System.Data.Common.DbTransaction? Transaction => inner.Transaction;

        public async ValueTask CommitAsync(CancellationToken cancellationToken)
        {
            if (chunk == hold.At && hold.Kind == "before-commit")
            {
                await hold.WaitAsync();
            }

            await inner.CommitAsync(cancellationToken);
            if (chunk == hold.At && hold.Kind == "after-commit")
            {
                await hold.WaitAsync();
            }
        }

        public ValueTask RollbackAsync(CancellationToken cancellationToken) => inner.RollbackAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
