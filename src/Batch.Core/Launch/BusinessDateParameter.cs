using System.Globalization;
using Batch.Jobs;

namespace Batch.Launch;

/// <summary>
/// The business date of a job that declares one (<see cref="JobBuilder.BusinessDate"/>): given without its type
/// (<c>date=2026-11-30</c>) it is read as the date it names, so it is the same instance as <c>date:date=2026-11-30</c> and the one
/// <c>catch-up</c> finds; anything that is not a date is refused before an instance exists.
/// </summary>
internal static class BusinessDateParameter
{
    public static JobParameters ApplyType(IJob job, JobParameters parameters)
    {
        if (job is not JobBase { BusinessDateParameter: { } name } || !parameters.TryGetValue(name, out var given) || given.Type == JobParameterType.Date)
        {
            return parameters;
        }

        if (given.Type != JobParameterType.String
            || !DateOnly.TryParseExact((string)given.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new JobParametersInvalidException(
                $"'{name}' is the business date of job '{job.Name}', and '{JobParametersFormatException.Excerpt(given.ValueText())}' is not a date: " +
                $"write {name}=yyyy-MM-dd (for example {name}=2026-12-01), or leave it out and use 'catch-up {job.Name}'.");
        }

        return new JobParameters(parameters.Select(p => p.Key == name ? KeyValuePair.Create(name, JobParameter.Of(date, given.Identifying)) : p));
    }
}
