namespace Batch.Infrastructure.Database;

/// <summary>
/// The named placeholders (<c>@name</c>) of a SQL text, outside its string literals (<c>'…'</c>, <c>E'…'</c>, PostgreSQL's
/// <c>$tag$…$tag$</c>), quoted identifiers (<c>"…"</c>) and comments (<c>--</c>, <c>/* … */</c>): what a reader must bind, so a
/// placeholder that nothing binds is refused before the query runs. (Unbound, SQLite reads it as NULL and PostgreSQL as its
/// <c>@</c> operator: <c>qty = @qty</c> would silently compare a column with its own absolute value.)
/// </summary>
internal static class SqlPlaceholders
{
    /// <summary>The names after each <c>@</c> that starts a placeholder, in the order they first appear.</summary>
    public static IReadOnlyList<string> Names(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var names = new List<string>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\'')
            {
                i = SkipQuoted(sql, i, '\'', backslashEscapes: i > 0 && (sql[i - 1] is 'E' or 'e') && (i == 1 || !IsNamePart(sql[i - 2])));
            }
            else if (c == '"')
            {
                i = SkipQuoted(sql, i, '"', backslashEscapes: false);
            }
            else if (c == '-' && At(sql, i + 1) == '-')
            {
                var end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length : end + 1;
            }
            else if (c == '/' && At(sql, i + 1) == '*')
            {
                i = SkipBlockComment(sql, i);
            }
            else if (c == '$' && (i == 0 || !IsNamePart(sql[i - 1])) && DollarTag(sql, i) is { } tag)
            {
                var end = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + tag.Length;
            }
            else if (c == '@' && (i == 0 || !(IsNamePart(sql[i - 1]) || sql[i - 1] == '@')) && (char.IsAsciiLetter(At(sql, i + 1)) || At(sql, i + 1) == '_'))
            {
                var start = ++i;
                while (i < sql.Length && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] == '_'))
                {
                    i++;
                }

                var name = sql[start..i];
                if (!names.Contains(name, StringComparer.Ordinal))
                {
                    names.Add(name);
                }
            }
            else
            {
                i++;
            }
        }

        return names;
    }

    private static char At(string sql, int index) => index < sql.Length ? sql[index] : '\0';

    private static bool IsNamePart(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '$';

    /// <summary>The index after a literal or quoted identifier that starts at <paramref name="start"/> (a doubled quote is one quote).</summary>
    private static int SkipQuoted(string sql, int start, char quote, bool backslashEscapes)
    {
        var i = start + 1;
        while (i < sql.Length)
        {
            if (backslashEscapes && sql[i] == '\\')
            {
                i += 2;
            }
            else if (sql[i] == quote)
            {
                if (At(sql, i + 1) != quote)
                {
                    return i + 1;
                }

                i += 2;
            }
            else
            {
                i++;
            }
        }

        return sql.Length;
    }

    /// <summary>The index after a block comment that starts at <paramref name="start"/>; PostgreSQL's nest.</summary>
    private static int SkipBlockComment(string sql, int start)
    {
        var depth = 0;
        var i = start;
        while (i < sql.Length)
        {
            if (sql[i] == '/' && At(sql, i + 1) == '*')
            {
                depth++;
                i += 2;
            }
            else if (sql[i] == '*' && At(sql, i + 1) == '/')
            {
                i += 2;
                if (--depth == 0)
                {
                    return i;
                }
            }
            else
            {
                i++;
            }
        }

        return sql.Length;
    }

    /// <summary>The opening tag of a dollar-quoted string at <paramref name="start"/> (<c>$$</c>, <c>$body$</c>), or null (<c>$1</c> is a placeholder).</summary>
    private static string? DollarTag(string sql, int start)
    {
        var i = start + 1;
        if (i < sql.Length && char.IsAsciiDigit(sql[i]))
        {
            return null;
        }

        while (i < sql.Length && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] == '_'))
        {
            i++;
        }

        return At(sql, i) == '$' ? sql[start..(i + 1)] : null;
    }
}
