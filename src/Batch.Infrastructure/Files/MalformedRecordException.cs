using Batch.Items;

namespace Batch.Infrastructure.Files;

/// <summary>
/// A record of an input file cannot be read: broken quoting, the wrong number of fields, bytes that are not text in the
/// file's encoding, or a field the mapper cannot parse. A <see cref="MalformedItemException"/>, so a fault-tolerant step
/// skips it by default and logs it with its position (<c>line 17</c>); it carries the line and the record's text.
/// </summary>
public sealed class MalformedRecordException : MalformedItemException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file.</param>
    /// <param name="lineNumber">The line (1-based) where the record starts.</param>
    /// <param name="rawRecord">The record as it is in the file (decoded; invalid bytes shown as U+FFFD), without its line break.</param>
    /// <param name="problem">What is wrong with it, in a sentence.</param>
    /// <param name="innerException">The parse error, if any.</param>
    public MalformedRecordException(string path, long lineNumber, string rawRecord, string problem, Exception? innerException = null)
        : base(Describe(path, lineNumber, rawRecord, problem), $"line {lineNumber}", innerException,
            $"Correct line {lineNumber} of '{path}' (or remove it) and load the file again if the record is needed.")
    {
        Path = path;
        LineNumber = lineNumber;
        RawRecord = rawRecord;
        Problem = problem;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The line (1-based, counting every line of the file) where the record starts.</summary>
    public long LineNumber { get; }

    /// <summary>The record as it is in the file, without its line break.</summary>
    public string RawRecord { get; }

    /// <summary>What is wrong with the record.</summary>
    public string Problem { get; }

    private static string Describe(string path, long lineNumber, string rawRecord, string problem)
    {
        var shown = rawRecord.Length <= 200 ? rawRecord : string.Concat(rawRecord.AsSpan(0, 197), "...");
        return $"Line {lineNumber} of '{path}' is malformed: {problem} The record: [{shown}]";
    }
}
