using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Batch.Hosting.CommandLine;

/// <summary>The arguments several commands share, each with a parser whose message says what to write instead.</summary>
internal static class CommandArguments
{
    /// <summary>The most days <c>cleanup</c> accepts: a hundred years.</summary>
    public const int MaxDays = 36_500;

    public static Argument<long> ExecutionId(string description = "The job execution's id (the number 'list' shows).") => new("executionId")
    {
        Description = description,
        CustomParser = result => ParseOr(result, static text =>
            long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : (long?)null,
            static text => $"'{Cut(text)}' is not an execution id: give the number that 'list' shows."),
    };

    public static Argument<string> JobName() => new("job") { Description = "The job's name ('list jobs' shows them)." };

    public static Argument<string[]> Parameters() => new("parameters")
    {
        Description = "Job parameters: name=value, name:type=value (string, long, double, decimal, date, datetime, bool), -name=value for a " +
                      "non-identifying one; several in one argument joined by '&'.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>An optional number of minutes (for <c>recover</c>, <c>fail</c>, <c>abandon</c>).</summary>
    public static Argument<TimeSpan?> Minutes(string name, string description, string example) => new(name)
    {
        Description = description,
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = result => result.Tokens.Count == 0 ? null : ParseOr(result, static text =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && minutes <= MaxDays * 24 * 60
                ? TimeSpan.FromMinutes(minutes) : (TimeSpan?)null,
            text => $"'{Cut(text)}' is not a number of minutes: write for example '{example} 10'."),
    };

    public static Argument<int> Days() => new("days")
    {
        Description = "Delete the instances whose last execution ended more than this many days ago (0 to 36500).",
        CustomParser = result => ParseOr(result, static text =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days <= MaxDays ? days : (int?)null,
            static text => $"'{Cut(text)}' is not a number of days from 0 to {MaxDays} (100 years): write for example 'cleanup 30'."),
    };

    /// <summary>A date or date and time option of <c>list</c> (<c>2026-12-01</c> is that day's start, UTC).</summary>
    public static Option<DateTimeOffset?> Instant(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "yyyy-MM-dd[THH:mm[:ss][Z]]",
        CustomParser = result => ParseOr(result, static text =>
            DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
                : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) ? instant : (DateTimeOffset?)null,
            text => $"'{Cut(text)}' is not a date for {name}: write for example {name} 2026-12-01 or {name} 2026-12-01T03:00Z."),
    };

    /// <summary>A word of a fixed set, matched without regard to case and given back as the set writes it.</summary>
    public static string? OneOf(ArgumentResult result, string what, IReadOnlyList<string> values)
    {
        foreach (var token in result.Tokens)
        {
            if (values.FirstOrDefault(v => v.Equals(token.Value, StringComparison.OrdinalIgnoreCase)) is not { } value)
            {
                result.AddError($"'{Cut(token.Value)}' is not {what}: write one of {string.Join(", ", values)}.");
                return null;
            }
        }

        return result.Tokens.Count == 0 ? null : values.First(v => v.Equals(result.Tokens[^1].Value, StringComparison.OrdinalIgnoreCase));
    }

    public static string Cut(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static T ParseOr<T>(ArgumentResult result, Func<string, T?> parse, Func<string, string> message)
        where T : struct
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (parse(text) is { } value)
        {
            return value;
        }

        result.AddError(message(text));
        return default;
    }
}
