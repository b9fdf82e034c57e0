namespace Batch.Core.Tests.Support;

/// <summary>
/// Points <see cref="Console.Out"/> and <see cref="Console.Error"/> at writers a test reads, and puts the real ones back after it.
/// A fixture deriving from it swaps the process's console, so it must be <c>[NonParallelizable]</c>.
/// </summary>
public abstract class ConsoleRedirectFixture
{
    private TextWriter _realOut = null!;
    private TextWriter _realError = null!;

    /// <summary>What was written to standard output.</summary>
    protected StringWriter Out { get; private set; } = null!;

    /// <summary>What was written to standard error.</summary>
    protected StringWriter Error { get; private set; } = null!;

    [SetUp]
    public void RedirectConsole()
    {
        (_realOut, _realError) = (Console.Out, Console.Error);
        (Out, Error) = (new StringWriter(), new StringWriter());
        Console.SetOut(Out);
        Console.SetError(Error);
    }

    [TearDown]
    public void RestoreConsole()
    {
        Console.SetOut(_realOut);
        Console.SetError(_realError);
        Out.Dispose();
        Error.Dispose();
    }
}
