namespace Batch.Dashboard.Tests.Support;

/// <summary>Waits for a condition the code under test brings about, with a generous limit (no fixed sleeps).</summary>
public static class Conditions
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        using var limit = new CancellationTokenSource(Limit);
        while (!await condition())
        {
            try
            {
                await Task.Delay(20, limit.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Waited {Limit.TotalSeconds:0} s for: {what}");
            }
        }
    }
}
