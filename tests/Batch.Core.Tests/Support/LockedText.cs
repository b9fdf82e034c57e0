namespace Batch.Core.Tests.Support;

/// <summary>
/// A text capture written from other threads: <see cref="Writer"/> is a synchronized writer (its methods lock on itself), and
/// <see cref="ToString"/> reads under the same lock, so it sees whole writes only.
/// </summary>
internal sealed class LockedText
{
    private readonly StringWriter _text = new();

    public LockedText() => Writer = TextWriter.Synchronized(_text);

    public TextWriter Writer { get; }

    public override string ToString()
    {
        lock (Writer)
        {
            return _text.ToString();
        }
    }
}
