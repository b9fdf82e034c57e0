namespace Batch.Infrastructure.Repository.Mapping;

/// <summary>
/// How a <see cref="JobParameter"/> is stored in BATCH_JOB_EXECUTION_PARAMS: TYPE_CD names the type,
/// STRING_VAL always holds the exact invariant text (which is what is read back, so every type
/// round-trips exactly), and DATE_VAL, LONG_VAL or DOUBLE_VAL hold the value too where the type has
/// one, for people and reports that query the table.
/// </summary>
internal static class ParameterColumns
{
    /// <summary>The TYPE_CD of a parameter type.</summary>
    public static string TypeCode(JobParameterType type) => type switch
    {
        JobParameterType.String => "STRING",
        JobParameterType.Long => "LONG",
        JobParameterType.Double => "DOUBLE",
        JobParameterType.Decimal => "DECIMAL",
        JobParameterType.Date => "DATE",
        JobParameterType.DateTime => "DATETIME",
        JobParameterType.Bool => "BOOL",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown parameter type."),
    };

    /// <summary>The column values of one parameter.</summary>
    public static (string TypeCode, string Text, object DateValue, object LongValue, object DoubleValue) Write(JobParameter parameter)
    {
        object date = parameter.Value switch
        {
            DateOnly d => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            DateTimeOffset t => t.UtcDateTime,
            _ => DBNull.Value,
        };
        object @long = parameter.Value is long l ? l : DBNull.Value;
        object @double = parameter.Value switch
        {
            double d => d,
            decimal m => (double)m,
            _ => DBNull.Value,
        };
        return (TypeCode(parameter.Type), parameter.ValueText(), date, @long, @double);
    }

    /// <summary>Reads a parameter back from TYPE_CD, STRING_VAL and IDENTIFYING.</summary>
    /// <exception cref="InvalidOperationException">The row was not written by this library; the message says which.</exception>
    public static JobParameter Read(string typeCode, string keyName, string? text, string identifying)
    {
        JobParameterType type = typeCode.Trim().ToUpperInvariant() switch
        {
            "STRING" => JobParameterType.String,
            "LONG" => JobParameterType.Long,
            "DOUBLE" => JobParameterType.Double,
            "DECIMAL" => JobParameterType.Decimal,
            "DATE" => JobParameterType.Date,
            "DATETIME" => JobParameterType.DateTime,
            "BOOL" => JobParameterType.Bool,
            _ => throw new InvalidOperationException(
                $"Job parameter '{keyName}' has TYPE_CD '{typeCode}' in BATCH_JOB_EXECUTION_PARAMS, which this library does not know; " +
                "the row was not written by Batch."),
        };
        try
        {
            return JobParameter.Parse(type, text ?? string.Empty, string.Equals(identifying, "Y", StringComparison.OrdinalIgnoreCase));
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException(
                $"Job parameter '{keyName}' ({typeCode}) holds '{text}' in STRING_VAL, which is not a valid value of its type.", ex);
        }
    }

    /// <summary>The IDENTIFYING flag.</summary>
    public static string Flag(bool identifying) => identifying ? "Y" : "N";
}
