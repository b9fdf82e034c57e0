using System.Text.RegularExpressions;

namespace Samples.Collector.Rules;

/// <summary>The checks on names that the collector puts into SQL (tables and columns come from the registry, never from a request).</summary>
internal static partial class Identifiers
{
    /// <summary>A plain SQL name, optionally schema-qualified: letters, digits and underscores, not starting with a digit.</summary>
    public static bool IsTableName(string name) => TableName().IsMatch(name);

    /// <summary>A plain column name.</summary>
    public static bool IsColumnName(string name) => ColumnName().IsMatch(name);

    /// <summary>Splits a comma-separated list and trims it.</summary>
    public static string[] SplitList(string list) =>
        [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?$")]
    private static partial Regex TableName();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex ColumnName();
}
