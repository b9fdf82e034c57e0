namespace Batch.Exceptions;

/// <summary>Job parameter text could not be parsed; <see cref="Token"/> is the offending token.</summary>
public class JobParametersFormatException : BatchException
{
    /// <summary>Creates the exception for a malformed token.</summary>
    /// <param name="token">The token as written.</param>
    /// <param name="reason">What is wrong with it.</param>
    public JobParametersFormatException(string token, string reason)
        : base($"Malformed job parameter '{Excerpt(token)}': {reason}. Write parameters as name=value, optionally typed as name:long=42 " +
               "(types: string, long, double, decimal, date, datetime, bool), joined by '&'; prefix a name with '-' to make it non-identifying.")
    {
        Token = token;
    }

    /// <summary>The malformed token, whole (the message quotes only its start when it is long).</summary>
    public string Token { get; }

    /// <summary>How many characters of a long token the message quotes.</summary>
    internal const int ExcerptLength = 60;

    /// <summary>
    /// The text as a one-line error quotes it: whole when it is at most <see cref="ExcerptLength"/> characters, else its
    /// first <see cref="ExcerptLength"/> characters, an ellipsis and its length; line breaks and other control characters
    /// are shown as <c>\n</c>, <c>\r</c>, <c>\t</c> or <c>?</c> so the error stays one line.
    /// </summary>
    internal static string Excerpt(string text)
    {
        var cut = text.Length > ExcerptLength;
        var shown = cut ? text[..(char.IsHighSurrogate(text[ExcerptLength - 1]) ? ExcerptLength - 1 : ExcerptLength)] : text;
        if (shown.AsSpan().IndexOfAnyInRange('\0', '\u001f') >= 0 || shown.Contains('\u007f', StringComparison.Ordinal))
        {
            var clean = new System.Text.StringBuilder(shown.Length + 8);
            foreach (var c in shown)
            {
                clean.Append(c switch { '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", _ when char.IsControl(c) => "?", _ => c.ToString() });
            }

            shown = clean.ToString();
        }

        return cut
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{shown}… ({text.Length:N0} characters)")
            : shown;
    }
}
