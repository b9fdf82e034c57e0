using System.CommandLine;
using Batch.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Samples.Collector.Collect;
using Samples.Collector.Results;

namespace Samples.Collector.Commands;

/// <summary>
/// <c>batchcheck BASETIME CONN...</c>: exit 0 only when every registered table of those connections succeeded for the base time (the
/// check before a post-step that needs only those connections); 1 otherwise, naming what is missing; 2 for bad arguments.
/// </summary>
public sealed class BatchCheckCommand : IBatchCommand
{
    /// <inheritdoc />
    public Command CreateCommand(BatchCommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var baseTime = new Argument<string>("BASETIME") { Description = "배치기준시간, yyyyMMddHHmmss." };
        var connections = new Argument<string[]>("CONN") { Description = "연결관리번호, one or more.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("batchcheck", "Exit 0 when the connections were fully collected for the base time.") { baseTime, connections };
        command.SetCollectorAction(context, async (result, _, cancellationToken) =>
        {
            var runtime = context.Services.GetRequiredService<CollectorRuntime>();
            var time = CollectArguments.BaseTime(result.GetValue(baseTime));
            var numbers = result.GetValue(connections) ?? [];
            var registry = await runtime.Rules.GetConnectionsAsync(numbers, cancellationToken).ConfigureAwait(false);
            var entries = CollectArguments.Connections(numbers, null, registry);
            var status = await runtime.Log.GetStatusAsync(time, [.. entries.Select(e => e.Number)], cancellationToken).ConfigureAwait(false);
            var results = ResultBuilder.Compute(entries, status);
            foreach (var connection in results)
            {
                var missing = connection.Tables.Where(t => t.Result != Rules.CollectStatus.Success).Select(t => $"{t.TableName} {t.Result}").ToList();
                await context.Output.WriteLineAsync(
                    $"{connection.ConnectionNumber}: {connection.Result} ({connection.Succeeded}/{connection.Tables.Count} tables){(missing.Count > 0 ? " - " + string.Join(", ", missing) : string.Empty)}").ConfigureAwait(false);
            }

            return results.All(r => r.Result == Rules.CollectStatus.Success) ? BatchExitCodes.Completed : BatchExitCodes.Failed;
        });
        return command;
    }
}
