using Batch.Items;

namespace Batch.Core.Tests.Support;

/// <summary>
/// Reads the numbers 1..count as "lines" (restartable, with a line-number position). It can be told to
/// throw a malformed-record error at some lines, to throw a system fault at one line, or to hang at one line.
/// </summary>
internal sealed class NumberReader : IItemReader<int>, IItemStream, IItemPositionProvider
{
    private readonly int _count;
    private int _line;

    public NumberReader(int count)
    {
        _count = count;
    }

    /// <summary>Lines that throw <see cref="MalformedItemException"/> (a business error carrying its position).</summary>
    public ISet<int> Malformed { get; } = new HashSet<int>();

    /// <summary>Lines that throw <see cref="FormatException"/>: no position of their own, the reader's applies.</summary>
    public ISet<int> Unparsable { get; } = new HashSet<int>();

    /// <summary>The line at which the reader waits forever, ignoring cancellation (0: never).</summary>
    public int HangAt { get; set; }

    /// <summary>Completed when the reader starts hanging.</summary>
    public TaskCompletionSource Hanging { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string? CurrentPosition => _line == 0 ? null : $"line {_line}";

    public async ValueTask<ItemResult<int>> ReadAsync(CancellationToken cancellationToken)
    {
        if (_line >= _count)
        {
            return ItemResult<int>.None;
        }

        _line++;
        if (_line == HangAt)
        {
            Hanging.TrySetResult();
            await new TaskCompletionSource().Task;
        }

        if (Malformed.Contains(_line))
        {
            throw new MalformedItemException($"Line {_line} has no amount.", $"line {_line}");
        }

        if (Unparsable.Contains(_line))
        {
            throw new FormatException($"'x{_line}' is not a number.");
        }

        return _line;
    }

    public ValueTask OpenAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        _line = (int)executionContext.GetLong("numbers.line", 0);
        return ValueTask.CompletedTask;
    }

    public ValueTask UpdateAsync(BatchExecutionContext executionContext, CancellationToken cancellationToken)
    {
        executionContext.Put("numbers.line", (long)_line);
        return ValueTask.CompletedTask;
    }

    public ValueTask CloseAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
