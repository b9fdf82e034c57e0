using System.CommandLine;
using Batch.Exceptions;
using Batch.Hosting;
using Batch.Launch;
using Batch.Parameters;
using Microsoft.Extensions.DependencyInjection;
using Samples.Collector.Collect;
using Samples.Collector.Rules;

namespace Samples.Collector.Commands;

/// <summary>
/// <c>batchrun BASETIME CODE CONN...</c>: collects every registered table (code 01) or API resource (code 02, through the HTTP
/// client of <see cref="CollectorHttp"/> and datalake.json's proxy) of the connections into the lake and the target database, up to
/// <c>threads</c> at once. Exit 0 only when every table succeeded (or had already); 1 when a table failed; 2 for bad arguments
/// (checked before anything is written); 3 when stopped; 4 when the same run is still going in another process. The same command
/// again restarts the same job instance: only the tables that did not succeed are collected again.
/// </summary>
public sealed class BatchRunCommand : IBatchCommand
{
    /// <inheritdoc />
    public Command CreateCommand(BatchCommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var baseTime = new Argument<string>("BASETIME") { Description = "배치기준시간, yyyyMMddHHmmss." };
        var code = new Argument<string>("CODE") { Description = "연계방식코드: 01 database, 02 HTTP API." };
        var connections = new Argument<string[]>("CONN") { Description = "연결관리번호, one or more.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("batchrun", "Collects the tables of the connections (again: only what has not succeeded).") { baseTime, code, connections };
        command.SetCollectorAction(context, async (result, folder, cancellationToken) =>
        {
            var runtime = context.Services.GetRequiredService<CollectorRuntime>();
            var time = CollectArguments.BaseTime(result.GetValue(baseTime));
            var method = CollectArguments.Code(result.GetValue(code));
            var numbers = result.GetValue(connections) ?? [];
            _ = runtime.Settings;
            var registry = await runtime.Rules.GetConnectionsAsync(numbers, cancellationToken).ConfigureAwait(false);
            var entries = CollectArguments.Connections(numbers, method, registry);
            foreach (var entry in entries)
            {
                foreach (var table in entry.Tables)
                {
                    if (method == CollectArguments.HttpApiCode)
                    {
                        RegistryCheck.RequireApi(entry, table);
                    }
                    else
                    {
                        RegistryCheck.Require(table);
                    }
                }
            }

            if (method == CollectArguments.HttpApiCode && CollectorHttp.ProxyUri(runtime.Settings.Proxy, out var proxyError) is null && proxyError is not null)
            {
                throw new CollectorException(proxyError);
            }

            if (!Directory.Exists(runtime.LakeRoot))
            {
                throw new CollectorException($"The lake root {runtime.LakeRoot} (datalake.json 'namenode') does not exist: run healthcheck to pick a reachable one.") { ExitCode = 1 };
            }

            await TargetTable.CheckDatabaseAsync(runtime.Target, cancellationToken).ConfigureAwait(false);

            var parameters = new JobParametersBuilder()
                .AddString(PartitionKeys.BaseTime, time)
                .AddString(PartitionKeys.Code, method)
                .AddString(PartitionKeys.Connections, CollectArguments.ConnectionList(entries))
                .Build();
            var jobOperator = context.Services.GetRequiredService<IJobOperator>();
            Batch.Model.JobExecution execution;
            try
            {
                execution = await jobOperator.StartAsync(CollectJob.Name, parameters, cancellationToken).ConfigureAwait(false);
            }
            catch (JobInstanceAlreadyCompleteException)
            {
                await context.Output.WriteLineAsync($"batchrun: {time} {method} {string.Join(' ', entries.Select(e => e.Number))} was already collected completely.").ConfigureAwait(false);
                return BatchExitCodes.Completed;
            }

            var status = await runtime.Log.GetStatusAsync(time, [.. entries.Select(e => e.Number)], cancellationToken).ConfigureAwait(false);
            foreach (var row in status)
            {
                await context.Output.WriteLineAsync(
                    $"{row.ConnectionNumber}/{row.TableName}: {row.Status} after {row.Attempts} attempt(s){(row.Status == CollectStatus.Success ? $", {row.SourceRows} rows" : ": " + row.Message)}").ConfigureAwait(false);
            }

            await context.Output.WriteLineAsync($"batchrun: execution {execution.Id} of job '{CollectJob.Name}' ended {execution.Status}.").ConfigureAwait(false);
            return BatchExitCodes.ForStatus(execution.Status);
        });
        return command;
    }
}
