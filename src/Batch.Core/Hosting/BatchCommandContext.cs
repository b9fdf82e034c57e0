using System.CommandLine;

namespace Batch.Hosting;

/// <summary>What a <see cref="IBatchCommand"/> gets for one run of the command line.</summary>
public sealed class BatchCommandContext
{
    internal BatchCommandContext(IServiceProvider services, TextWriter output, TextWriter error, Option<bool> json, bool interactive)
    {
        Services = services;
        Output = output;
        Error = error;
        JsonOption = json;
        Interactive = interactive;
    }

    /// <summary>The application's services (the Batch operator, explorer and options among them).</summary>
    public IServiceProvider Services { get; }

    /// <summary>Where results go (standard output).</summary>
    public TextWriter Output { get; }

    /// <summary>Where messages about failures go (standard error).</summary>
    public TextWriter Error { get; }

    /// <summary>The <c>--json</c> option every command accepts (results as JSON for scripts).</summary>
    public Option<bool> JsonOption { get; }

    /// <summary>Whether the output is an interactive terminal (live displays are allowed).</summary>
    public bool Interactive { get; }

    /// <summary>Whether this invocation asked for JSON output.</summary>
    /// <param name="result">The parse result the action got.</param>
    /// <returns>True when <c>--json</c> was given.</returns>
    public bool WantsJson(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.GetValue(JsonOption);
    }
}
