using System.Diagnostics;
using System.Globalization;
using Batch.Repository;

namespace Batch.Infrastructure.CrashHost;

/// <summary>
/// Where a host run kills itself with SIGKILL, written <c>kind:chunk</c> (chunks counted from 1 within the run):
/// <c>read</c> — while processing the middle item of the chunk, before its transaction begins;
/// <c>write</c> — after the writer inserted the chunk, before the commit starts;
/// <c>commit</c> — while the commit is in flight (a thread fires the kill after a random few microseconds);
/// <c>after-commit</c> — right after the commit returned.
/// </summary>
internal sealed record CrashPoint(string Kind, int Chunk)
{
    public static CrashPoint? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parts = text.Split(':');
        var point = new CrashPoint(parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture));
        return point.Kind is "read" or "write" or "commit" or "after-commit"
            ? point
            : throw new ArgumentException($"Unknown crash point '{text}': use read:N, write:N, commit:N or after-commit:N.");
    }

    public static void KillNow()
    {
        Console.Out.Flush();
        Process.GetCurrentProcess().Kill();
        Thread.Sleep(Timeout.Infinite);
    }

    /// <summary>Kills the process while the item in the middle of the chunk is processed.</summary>
    public Action<int>? ItemHook(int chunkSize)
    {
        if (Kind != "read")
        {
            return null;
        }

        var processed = 0;
        var target = ((Chunk - 1) * chunkSize) + Math.Max(1, chunkSize / 2);
        return _ =>
        {
            if (++processed == target)
            {
                KillNow();
            }
        };
    }

    /// <summary>Wraps the repository so its chunk transactions kill the process at this point.</summary>
    public IJobRepository Wrap(IJobRepository repository) =>
        RepositoryInterceptor.Wrap(repository, (inner, chunk) => new KillingTransaction(inner, this, chunk));

    private sealed class KillingTransaction(IChunkTransaction inner, CrashPoint point, int chunk) : IChunkTransaction
    {
        public System.Data.Common.DbConnection? Connection => inner.Connection;

        public System.Data.Common.DbTransaction? Transaction => inner.Transaction;

        public async ValueTask CommitAsync(CancellationToken cancellationToken)
        {
            if (chunk != point.Chunk)
            {
                await inner.CommitAsync(cancellationToken);
                return;
            }

            switch (point.Kind)
            {
                case "write":
                    KillNow();
                    break;
                case "commit":
                    var spin = Random.Shared.Next(0, 400);
                    var killer = new Thread(() =>
                    {
                        var clock = Stopwatch.StartNew();
                        while (clock.Elapsed.TotalMicroseconds < spin)
                        {
                            Thread.SpinWait(10);
                        }

                        KillNow();
                    });
                    killer.Start();
                    await inner.CommitAsync(cancellationToken);
                    killer.Join();
                    break;
                case "after-commit":
                    await inner.CommitAsync(cancellationToken);
                    KillNow();
                    break;
                default:
                    await inner.CommitAsync(cancellationToken);
                    break;
            }
        }

        public ValueTask RollbackAsync(CancellationToken cancellationToken) => inner.RollbackAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
