using Batch.Dashboard.Tests.Support;

namespace Batch.Dashboard.Tests;

/// <summary>Closes the shared browser after every test of the assembly.</summary>
[SetUpFixture]
public sealed class BrowserTeardown
{
    [OneTimeTearDown]
    public Task CloseBrowserAsync() => Browser.StopAsync();
}
