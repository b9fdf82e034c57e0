namespace Batch.Exceptions;

/// <summary>Job parameter text could not be parsed; <see cref="Token"/> is the offending token.</summary>
public class JobParametersFormatException : BatchException
{
    /// <summary>Creates the exception for a malformed token.</summary>
    /// <param name="token">The token as written.</param>
    /// <param name="reason">What is wrong with it.</param>
    public JobParametersFormatException(string token, string reason)
        : base($"Malformed job parameter '{token}': {reason}. Write parameters as name=value, optionally typed as name:long=42 " +
               "(types: string, long, double, decimal, date, datetime, bool), joined by '&'; prefix a name with '-' to make it non-identifying.")
    {
        Token = token;
    }

    /// <summary>The malformed token.</summary>
    public string Token { get; }
}
