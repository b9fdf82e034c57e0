namespace Batch.Infrastructure.Storage;

/// <summary>
/// A path given to the workbench, the warehouse or the trash was refused: it is empty, rooted where it should be
/// relative, leaves its base folder (<c>..</c>, a symbolic link that points outside), or the base folder itself is
/// missing, relative or the root of the file system. Nothing was moved or deleted. The message names the path.
/// </summary>
public class StoragePathException : BatchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was refused and why, naming the path.</param>
    /// <param name="path">The refused path, as it was given (may be null or empty).</param>
    public StoragePathException(string message, string? path)
        : base(Printable(message))
    {
        RefusedPath = path;
    }

    /// <summary>The refused path, as it was given.</summary>
    public string? RefusedPath { get; }

    /// <summary>The message with control characters (a NUL in a path, say) written as <c>\u0000</c>, so a log line shows them.</summary>
    private static string Printable(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!message.Any(char.IsControl))
        {
            return message;
        }

        var text = new System.Text.StringBuilder(message.Length + 8);
        foreach (var c in message)
        {
            if (char.IsControl(c))
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
