using System.Globalization;

namespace Batch.Infrastructure.CrashHost;

/// <summary>The host's command line: a mode followed by <c>key=value</c> tokens (the value may contain '=').</summary>
internal sealed class HostArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public HostArguments(string[] args)
    {
        Mode = args.Length > 0 ? args[0] : string.Empty;
        var separator = Array.IndexOf(args, "--");
        Rest = separator < 0 ? [] : args[(separator + 1)..];
        foreach (var token in args.Skip(1).Take(separator < 0 ? int.MaxValue : separator - 1))
        {
            var eq = token.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ArgumentException($"Argument '{token}' is not key=value.");
            }

            _values[token[..eq]] = token[(eq + 1)..];
        }
    }

    public string Mode { get; }

    /// <summary>The tokens after <c>--</c> (the command line of the cli mode).</summary>
    public string[] Rest { get; }

    public string? Get(string key) => _values.GetValueOrDefault(key);

    public string Require(string key) => Get(key) ?? throw new ArgumentException($"Argument '{key}=…' is missing.");

    public int Int(string key, int defaultValue) => Get(key) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : defaultValue;

    public long Long(string key, long defaultValue) => Get(key) is { } text ? long.Parse(text, CultureInfo.InvariantCulture) : defaultValue;

    public Provider Provider() => new(Require("provider"), Require("connection"));
}
