using System.CommandLine;
using Batch.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Samples.Collector.Collect;
using Samples.Collector.Results;

namespace Samples.Collector.Commands;

/// <summary>
/// <c>batchresult BASETIME CODE</c>: writes the final results of the base time and code — whatever the retries were — into
/// T_BATCH_RESULT_0001/0002/0003 and T_BATCH_DATE_0001 (for the dashboard). Exit 0 when written; 1 when no batchrun of that base
/// time and code was recorded; 2 for bad arguments.
/// </summary>
public sealed class BatchResultCommand : IBatchCommand
{
    /// <inheritdoc />
    public Command CreateCommand(BatchCommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var baseTime = new Argument<string>("BASETIME") { Description = "배치기준시간, yyyyMMddHHmmss." };
        var code = new Argument<string>("CODE") { Description = "연계방식코드: 01 database, 02 HTTP API." };
        var command = new Command("batchresult", "Writes the final results of the base time and code into the result tables.") { baseTime, code };
        command.SetCollectorAction(context, async (result, _, cancellationToken) =>
        {
            var runtime = context.Services.GetRequiredService<CollectorRuntime>();
            var time = CollectArguments.BaseTime(result.GetValue(baseTime));
            var method = CollectArguments.Code(result.GetValue(code));
            var results = await new ResultBuilder(runtime.Rules).WriteAsync(time, method, cancellationToken).ConfigureAwait(false);
            if (results.Count == 0)
            {
                await context.Error.WriteLineAsync($"batchresult: no batchrun of base time {time} and code {method} was recorded; nothing to gather.").ConfigureAwait(false);
                return BatchExitCodes.Failed;
            }

            foreach (var connection in results)
            {
                await context.Output.WriteLineAsync(
                    $"{connection.ConnectionNumber}: {connection.Result} ({connection.Succeeded}/{connection.Tables.Count} tables, {connection.Rows} rows)").ConfigureAwait(false);
            }

            await context.Output.WriteLineAsync($"batchresult: wrote T_BATCH_RESULT_0001/0002/0003 and T_BATCH_DATE_0001 for {time} {method}.").ConfigureAwait(false);
            return BatchExitCodes.Completed;
        });
        return command;
    }
}
