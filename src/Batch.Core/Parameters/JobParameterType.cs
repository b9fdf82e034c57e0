namespace Batch.Parameters;

/// <summary>The type of a <see cref="JobParameter"/>, with its name in the text form <c>name(type)=value</c>.</summary>
public enum JobParameterType
{
    /// <summary>Text (<c>string</c>); the default when no type is given.</summary>
    String,

    /// <summary>A 64-bit integer (<c>long</c>).</summary>
    Long,

    /// <summary>A double-precision number (<c>double</c>).</summary>
    Double,

    /// <summary>An exact decimal number (<c>decimal</c>).</summary>
    Decimal,

    /// <summary>A calendar date without time (<c>date</c>, written <c>yyyy-MM-dd</c>).</summary>
    Date,

    /// <summary>A point in time with its offset (<c>datetime</c>, written in ISO 8601, e.g. <c>2026-11-22T10:00:00+09:00</c>).</summary>
    DateTime,

    /// <summary>A boolean (<c>bool</c>, written <c>true</c> or <c>false</c>).</summary>
    Bool,
}
