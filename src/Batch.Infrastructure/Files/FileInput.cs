using System.Text;
using System.Text.Unicode;

namespace Batch.Infrastructure.Files;

/// <summary>What the file readers share: opening the file with clear errors, its byte order mark, and the messages about its text.</summary>
internal static class FileInput
{
    /// <summary>Opens a file to read it from start to end, or says clearly why it cannot be.</summary>
    /// <exception cref="ItemStreamException">The file or its folder is missing, or it cannot be read.</exception>
    public static FileStream OpenRead(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            // An operator's matter, not a fault of the program: a business error (the recovery channel, with its steps and no
            // stack trace), inside the stream exception the open throws.
            var full = System.IO.Path.GetFullPath(path);
            var message = $"The input file '{full}' does not exist. Put the file there (or correct the path) and restart the step.";
            throw new ItemStreamException(message, new BusinessException(
                message,
                ex,
                $"Check that the file the job reads is '{full}': a wrong folder or name is corrected in the job's parameters or configuration.",
                "Put the file there (or wait until it has arrived), then restart the failed execution ('restart <executionId>'); the step reads the file from its start."));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ItemStreamException($"The input file '{System.IO.Path.GetFullPath(path)}' cannot be opened: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Reads the byte order mark at the start of the file, if any, and says how the rest is to be decoded: a UTF-8 mark (skipped)
    /// says the file is UTF-8 whatever the configured encoding; a UTF-16 or UTF-32 mark is left for the parser, which reads it
    /// itself; otherwise the configured encoding, UTF-8 when there is none.
    /// </summary>
    public static async ValueTask<InputEncoding> ReadPreambleAsync(Stream stream, Encoding? configured, CancellationToken cancellationToken)
    {
        var start = new byte[4];
        var read = 0;
        while (read < start.Length)
        {
            var n = await stream.ReadAsync(start.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        var head = start.AsSpan(0, read);
        if (head.StartsWith("\uFEFF"u8))
        {
            stream.Position = 3;
            return new(InputEncodingKind.Utf8, null);
        }

        stream.Position = 0;
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || head.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF]))
        {
            return new(InputEncodingKind.UnicodeMarked, null);
        }

        return configured is null or UTF8Encoding ? new(InputEncodingKind.Utf8, null) : new(InputEncodingKind.Configured, configured);
    }

    /// <summary>The encoding, decoding what it cannot with U+FFFD (so an undecodable record is found by its text, with its line).</summary>
    public static Encoding WithVisibleReplacement(Encoding encoding)
    {
        var clone = (Encoding)encoding.Clone();
        clone.DecoderFallback = new DecoderReplacementFallback("\uFFFD");
        return clone;
    }

    /// <summary>Says what is wrong with a record whose bytes are not text in the file's encoding.</summary>
    public static string DescribeUndecodable(ReadOnlySpan<byte> raw, bool utf8, Encoding? configured)
    {
        if (!utf8)
        {
            return $"it holds bytes that are not text in {configured?.WebName ?? "the configured encoding"} (shown as \uFFFD). Check the file's encoding and the reader's Encoding.";
        }

        Span<char> scratch = stackalloc char[256];
        var offset = 0;
        while (offset < raw.Length)
        {
            var status = Utf8.ToUtf16(raw[offset..], scratch, out var bytesRead, out _, replaceInvalidSequences: false);
            offset += bytesRead;
            if (status == System.Buffers.OperationStatus.InvalidData || status == System.Buffers.OperationStatus.NeedMoreData)
            {
                break;
            }
        }

        var bad = raw.Slice(offset, Math.Min(4, raw.Length - offset));
        return $"it is not valid UTF-8: byte 0x{(bad.IsEmpty ? 0 : bad[0]):X2} at byte {offset + 1} of the record cannot be decoded (shown as \uFFFD). " +
            "The file is probably in another encoding: set the reader's Encoding (Encoding.Latin1, for example), or convert the file to UTF-8.";
    }

    /// <summary>The error of a restart whose input has fewer records than earlier executions consumed.</summary>
    public static ItemStreamException ShorterThanConsumed(string path, long found, long consumed) =>
        new($"The input file '{System.IO.Path.GetFullPath(path)}' has only {found} records, but earlier executions of the step consumed {consumed}: " +
            "the file changed since then. Restore the file the step started with and restart it, or start a new job instance for the new file.");
}

/// <summary>How the bytes of an input file are decoded.</summary>
internal enum InputEncodingKind
{
    /// <summary>UTF-8: the parser reads the bytes as they are, and a <see cref="Utf8ValidatingStream"/> finds invalid ones.</summary>
    Utf8,

    /// <summary>A UTF-16 or UTF-32 byte order mark, which the parser reads and decodes itself.</summary>
    UnicodeMarked,

    /// <summary>Another encoding, configured: the parser decodes it, undecodable bytes become U+FFFD.</summary>
    Configured,
}

/// <summary>What <see cref="FileInput.ReadPreambleAsync"/> found.</summary>
internal readonly record struct InputEncoding(InputEncodingKind Kind, Encoding? Encoding);
