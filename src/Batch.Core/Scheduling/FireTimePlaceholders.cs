using System.Globalization;
using System.Text;

namespace Batch.Scheduling;

/// <summary>
/// The placeholders a schedule's <see cref="JobSchedule.Parameters"/> may hold, replaced at each occurrence by its time read in the entry's
/// time zone: <c>{fire.date}</c> (<c>yyyy-MM-dd</c>), <c>{fire.date-1}</c> / <c>{fire.date+7}</c> (that many days before or after),
/// and <c>{fire.time}</c> (ISO 8601 with the zone's offset, <c>2026-12-02T03:00:00+09:00</c>). So a nightly job gets the day it is about —
/// <c>from:date={fire.date-1}&amp;to:date={fire.date-1}</c> — and the instance of each day is its own. Text without <c>{fire.</c> is left as it is.
/// </summary>
internal static class FireTimePlaceholders
{
    private const string Prefix = "{fire.";
    private const int MaxDays = 36_500;

    /// <summary>The placeholders, for messages.</summary>
    public const string Help = "write {fire.date} (the occurrence's date in the entry's time zone), {fire.date-1} or {fire.date+1} (that many days before or after), " +
        "or {fire.time} (the occurrence's time, ISO 8601)";

    /// <summary>Whether the text has placeholders to replace.</summary>
    public static bool In(string? text) => text is not null && text.Contains(Prefix, StringComparison.Ordinal);

    /// <summary>The text with every placeholder replaced by <paramref name="occurrence"/> read in <paramref name="zone"/>.</summary>
    /// <exception cref="FormatException">A placeholder is not one of the known ones; the message says which and what to write.</exception>
    public static string Replace(string text, DateTimeOffset occurrence, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(occurrence, zone);
        var result = new StringBuilder(text.Length + 16);
        var at = 0;
        while (text.IndexOf(Prefix, at, StringComparison.Ordinal) is var start and >= 0)
        {
            var end = text.IndexOf('}', start);
            if (end < 0)
            {
                throw new FormatException($"'{text[start..]}' has no closing '}}': {Help}.");
            }

            result.Append(text, at, start - at).Append(Value(text[start..(end + 1)], text[(start + Prefix.Length)..end], local));
            at = end + 1;
        }

        return result.Append(text, at, text.Length - at).ToString();
    }

    private static string Value(string placeholder, string name, DateTimeOffset local)
    {
        if (name == "time")
        {
            return local.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
        }

        if (name.StartsWith("date", StringComparison.Ordinal))
        {
            var shift = name[4..];
            var days = 0;
            if (shift.Length == 0
                || (shift[0] is '+' or '-' && shift.Length > 1 && shift[1..].All(char.IsAsciiDigit)
                    && int.TryParse(shift, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out days) && Math.Abs(days) <= MaxDays))
            {
                return DateOnly.FromDateTime(local.DateTime).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }
        }

        throw new FormatException($"'{placeholder}' is not a placeholder: {Help}.");
    }
}
