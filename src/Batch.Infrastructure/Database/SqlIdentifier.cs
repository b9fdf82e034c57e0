namespace Batch.Infrastructure.Database;

/// <summary>
/// Checks the table and column names a reader or writer puts into its SQL. They come from code, never from job parameters,
/// but are still checked, so a typo or a value that does not belong there fails with a clear error instead of becoming SQL.
/// </summary>
internal static class SqlIdentifier
{
    /// <summary>
    /// Accepts <c>name</c>, <c>schema.name</c> and double-quoted parts (<c>"Order Lines"</c>, no quote inside); throws otherwise.
    /// </summary>
    public static string Require(string? name, string what)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"The {what} is missing.", what);
        }

        foreach (var part in name.Split('.'))
        {
            if (!IsPart(part))
            {
                throw new ArgumentException(
                    $"The {what} '{name}' is not a SQL name: write letters, digits and '_' (not starting with a digit), optionally " +
                    "schema-qualified or in double quotes. Values belong in parameters, never in names.", what);
            }
        }

        return name;
    }

    /// <summary>Checks every name of a list (at least one).</summary>
    public static IReadOnlyList<string> RequireAll(IReadOnlyList<string>? names, string what)
    {
        if (names is null || names.Count == 0)
        {
            throw new ArgumentException($"Give at least one {what}.", what);
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            Require(name, what);
            if (!seen.Add(name))
            {
                throw new ArgumentException($"The {what} '{name}' is given twice.", what);
            }
        }

        return names;
    }

    /// <summary>A name usable inside another identifier (the temporary table of a COPY writer): letters, digits and '_' only.</summary>
    public static string Flatten(string name)
    {
        var chars = name.Where(c => char.IsAsciiLetterOrDigit(c) || c == '_').Select(char.ToLowerInvariant).ToArray();
        return new string(chars);
    }

    private static bool IsPart(string part)
    {
        if (part.Length >= 3 && part[0] == '"' && part[^1] == '"')
        {
            return !part.AsSpan(1, part.Length - 2).Contains('"');
        }

        if (part.Length == 0 || !(char.IsAsciiLetter(part[0]) || part[0] == '_'))
        {
            return false;
        }

        foreach (var c in part)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
