using System.Globalization;

namespace Batch.Infrastructure.Parquet;

/// <summary>The conversions a column map compiles into its accessors: dates to what the Parquet timestamp holds, enums to names.</summary>
internal static class ParquetValues
{
    /// <summary>An instant: a local time is converted to UTC, an unspecified one is taken as UTC.</summary>
    public static DateTime? Utc(DateTime? value) => value switch
    {
        null => null,
        { Kind: DateTimeKind.Local } local => local.ToUniversalTime(),
        { } other => DateTime.SpecifyKind(other, DateTimeKind.Utc),
    };

    /// <summary>An instant, in UTC.</summary>
    public static DateTime? Utc(DateTimeOffset? value) => value?.UtcDateTime;

    /// <summary>A wall-clock time, as it reads.</summary>
    public static DateTime? Wall(DateTime? value) => value is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Unspecified) : null;

    /// <summary>A wall-clock time, as it reads in its own offset.</summary>
    public static DateTime? Wall(DateTimeOffset? value) => value?.DateTime;

    /// <summary>The check of a <c>DECIMAL(precision, scale)</c> column: a value must keep every digit.</summary>
    public static Func<decimal, int, ParquetValueException?> DecimalCheck(string column, string property, int precision, int scale)
    {
        decimal? limit = precision - scale >= 29 ? null : Pow10(precision - scale);
        return (value, row) =>
            decimal.Round(value, scale) == value && (limit is not { } max || Math.Abs(value) < max)
                ? null
                : new ParquetValueException(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"Column '{column}' ({property}) is DECIMAL({precision}, {scale}), but item {row + 1} of the file holds {value}, which does not fit: widen the column with Decimal(precision, scale) in the map, or round the value in a processor."),
                    column);
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10m;
        }

        return result;
    }
}
