using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Batch.Launch;
using Batch.Partitioning;
using Batch.Repository;

namespace Batch.Hosting.CommandLine;

/// <summary>What the commands of one run of the command line share: the operator, the explorer, the settings, the writers and <c>--json</c>.</summary>
internal sealed class CommandSession
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public CommandSession(
        IJobOperator jobOperator, IJobExplorer explorer, BatchOptions options, Func<PartitionWorker?>? worker, BatchCommandContext context)
    {
        Operator = jobOperator;
        Explorer = explorer;
        Options = options;
        Worker = worker;
        Context = context;
    }

    public IJobOperator Operator { get; }

    public IJobExplorer Explorer { get; }

    public BatchOptions Options { get; }

    public Func<PartitionWorker?>? Worker { get; }

    public BatchCommandContext Context { get; }

    public TextWriter Output => Context.Output;

    public Option<bool> Json => Context.JsonOption;

    public bool WantsJson(ParseResult result) => result.GetValue(Json);

    /// <summary>Writes a JSON document and a line end to the output.</summary>
    public Task WriteJsonAsync(JsonNode node) => Output.WriteLineAsync(node.ToJsonString(Indented));
}
