using System.Globalization;

namespace Batch.Repository;

/// <summary>
/// The widths of the meta tables' name columns (<c>schema/postgresql/create.sql</c>, <c>schema/sqlite/create.sql</c>).
/// The parameter parser and the job and step builders check them, so that a name too long is refused with the same clear
/// error on every repository (in-memory and SQLite too, which would otherwise store it) before anything is written.
/// </summary>
public static class BatchSchemaLimits
{
    /// <summary>The longest job parameter name: <c>BATCH_JOB_EXECUTION_PARAMS.KEY_NAME VARCHAR(100)</c>.</summary>
    public const int ParameterName = 100;

    /// <summary>The longest job name: <c>BATCH_JOB_INSTANCE.JOB_NAME VARCHAR(100)</c>.</summary>
    public const int JobName = 100;

    /// <summary>The longest step name: <c>BATCH_STEP_EXECUTION.STEP_NAME VARCHAR(100)</c>.</summary>
    public const int StepName = 100;

    /// <summary>Throws when a job or step name is longer than its column.</summary>
    /// <exception cref="ArgumentException">The name is too long; the message names the limit and the column.</exception>
    internal static void CheckName(string name, string what, int limit, string column, string paramName)
    {
        if (name.Length > limit)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"The {what} name '{Exceptions.JobParametersFormatException.Excerpt(name)}' is {name.Length:N0} characters long; " +
                    $"a {what} name has at most {limit} (the job repository's column {column} VARCHAR({limit}))."),
                paramName);
        }
    }
}
