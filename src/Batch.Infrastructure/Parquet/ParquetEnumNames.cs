using System.Globalization;

namespace Batch.Infrastructure.Parquet;

/// <summary>The names of an enum's values, computed once: writing an enum by name allocates nothing per item for defined values.</summary>
/// <typeparam name="TEnum">The enum.</typeparam>
internal static class ParquetEnumNames<TEnum>
    where TEnum : struct, Enum
{
    private static readonly Dictionary<TEnum, string> Names = Enum.GetValues<TEnum>().Distinct().ToDictionary(v => v, v => v.ToString());

    /// <summary>The value's name; a value that is not defined (a combination of flags, a number) as <see cref="Enum.ToString()"/> writes it.</summary>
    public static string? Of(TEnum? value) =>
        value is not { } v ? null : Names.TryGetValue(v, out var name) ? name : string.Format(CultureInfo.InvariantCulture, "{0}", v);
}
