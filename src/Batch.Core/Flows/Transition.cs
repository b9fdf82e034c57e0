namespace Batch.Flows;

/// <summary>What a transition does.</summary>
internal enum TransitionKind
{
    /// <summary>Go to another state.</summary>
    To,

    /// <summary>End the flow COMPLETED with an exit code.</summary>
    End,

    /// <summary>End the flow FAILED with an exit code.</summary>
    Fail,

    /// <summary>End the flow STOPPED; a restart resumes at a named state.</summary>
    StopAndRestart,
}

/// <summary>A transition out of a state, taken when the state's exit code matches the pattern.</summary>
internal sealed record Transition(string Pattern, TransitionKind Kind, string? Target, string? ExitCode)
{
    /// <summary>Orders transitions most specific first: fewer <c>*</c>, then fewer <c>?</c>, then the longer pattern (then ordinal, for a stable order).</summary>
    public static int CompareSpecificity(Transition a, Transition b)
    {
        var byStars = Count(a.Pattern, '*').CompareTo(Count(b.Pattern, '*'));
        if (byStars != 0)
        {
            return byStars;
        }

        var byMarks = Count(a.Pattern, '?').CompareTo(Count(b.Pattern, '?'));
        if (byMarks != 0)
        {
            return byMarks;
        }

        var byLength = b.Pattern.Length.CompareTo(a.Pattern.Length);
        return byLength != 0 ? byLength : string.CompareOrdinal(a.Pattern, b.Pattern);
    }

    /// <summary>Whether an exit code matches the pattern (<c>*</c>: any run of characters, <c>?</c>: one character; case-sensitive).</summary>
    public bool Matches(string exitCode) => Glob(Pattern, exitCode);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        TransitionKind.To => $"on \"{Pattern}\" to '{Target}'",
        TransitionKind.StopAndRestart => $"on \"{Pattern}\" stop and restart at '{Target}'",
        _ => $"on \"{Pattern}\" {Kind.ToString().ToUpperInvariant()} {ExitCode}",
    };

    private static int Count(string text, char c) => text.Count(x => x == c);

    private static bool Glob(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
