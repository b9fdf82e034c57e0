using System.Collections.Concurrent;
using Batch.Listeners;
using Batch.Model;
using Samples.Collector.Rules;

namespace Samples.Collector.Collect;

/// <summary>Around each run: one T_BATCH_LOG_0001 row per connection, RUNNING at the start and, at the end, its tables' outcome.</summary>
internal sealed class ConnectionLogListener : IJobExecutionListener
{
    private readonly CollectorRuntime _runtime;
    private readonly ConcurrentDictionary<long, List<(ConnectionEntry Connection, long LogId)>> _rows = new();

    public ConnectionLogListener(CollectorRuntime runtime) => _runtime = runtime;

    public async ValueTask BeforeJobAsync(JobExecution jobExecution, CancellationToken cancellationToken)
    {
        var parameters = jobExecution.JobParameters;
        var numbers = Rules.Identifiers.SplitList(parameters.GetString(PartitionKeys.Connections)!);
        var registry = await _runtime.Rules.GetConnectionsAsync(numbers, cancellationToken).ConfigureAwait(false);
        var rows = new List<(ConnectionEntry, long)>();
        foreach (var number in numbers)
        {
            if (registry.TryGetValue(number, out var connection))
            {
                var id = await _runtime.Log.StartConnectionAsync(
                    parameters.GetString(PartitionKeys.BaseTime)!, parameters.GetString(PartitionKeys.Code)!, number, jobExecution.Id, connection.Tables.Count,
                    DateTime.UtcNow, cancellationToken).ConfigureAwait(false);
                rows.Add((connection, id));
            }
        }

        _rows[jobExecution.Id] = rows;
    }

    public async ValueTask AfterJobAsync(JobExecution jobExecution, CancellationToken cancellationToken)
    {
        if (!_rows.TryRemove(jobExecution.Id, out var rows))
        {
            return;
        }

        var baseTime = jobExecution.JobParameters.GetString(PartitionKeys.BaseTime)!;
        var status = await _runtime.Log.GetStatusAsync(baseTime, [.. rows.Select(r => r.Connection.Number)], cancellationToken).ConfigureAwait(false);
        foreach (var (connection, logId) in rows)
        {
            var tables = connection.Tables.Select(t => t.TableName).ToHashSet(StringComparer.Ordinal);
            var mine = status.Where(s => s.ConnectionNumber == connection.Number && tables.Contains(s.TableName)).ToList();
            var succeeded = mine.Count(s => s.Status == CollectStatus.Success);
            var failed = mine.Where(s => s.Status != CollectStatus.Success).ToList();
            var outcome = succeeded == connection.Tables.Count ? CollectStatus.Success : CollectStatus.Failed;
            var message = outcome == CollectStatus.Success ? null
                : failed.Count > 0 ? $"{failed.Count} table(s) not collected: {string.Join("; ", failed.Select(f => f.TableName + ": " + f.Message))}"
                : $"{connection.Tables.Count - succeeded} table(s) not collected: {jobExecution.ExitStatus.ExitDescription}";
            await _runtime.Log.EndConnectionAsync(logId, outcome, succeeded, connection.Tables.Count - succeeded, message, DateTime.UtcNow, cancellationToken).ConfigureAwait(false);
        }
    }
}
