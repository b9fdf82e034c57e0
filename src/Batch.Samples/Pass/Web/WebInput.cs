using System.Globalization;

namespace Samples.Pass.Web;

/// <summary>Parses the values the pages and APIs receive: ids, times and days, in the formats their messages name.</summary>
internal static class WebInput
{
    /// <summary>The earliest time accepted.</summary>
    public static readonly DateTime Earliest = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The first time no longer accepted.</summary>
    public static readonly DateTime Latest = new(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>ISO 8601 times: minutes or seconds (with a fraction), then <c>Z</c>, an offset, or nothing (UTC); or a day alone (its midnight, UTC).</summary>
    private static readonly string[] TimeFormats = [.. new[] { "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF" }
        .SelectMany(f => new[] { f, f + "'Z'", f + "zzz" }), "yyyy-MM-dd"];

    /// <summary>A positive whole number written in digits only.</summary>
    public static bool TryParseId(string? text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;

    /// <summary>An ISO 8601 time from 2000 to 2099, as UTC; a time without offset is taken as UTC.</summary>
    public static bool TryParseTime(string? text, out DateTime time)
    {
        time = default;
        if (text is null || !DateTimeOffset.TryParseExact(text.Trim(), TimeFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return false;
        }

        time = parsed.UtcDateTime;
        return time >= Earliest && time < Latest;
    }

    /// <summary>A day written <c>yyyy-MM-dd</c>.</summary>
    public static bool TryParseDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    /// <summary>A time as the messages write it: <c>2026-12-01T10:00:00Z</c>.</summary>
    public static string Format(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
