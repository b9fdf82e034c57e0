namespace Batch.Samples.Tests.Pass.Web;

/// <summary>Closes the pass web tests' browser after the last test of this namespace.</summary>
[SetUpFixture]
public sealed class PassWebBrowserTeardown
{
    [OneTimeTearDown]
    public Task CloseBrowserAsync() => PassWebBrowser.StopAsync();
}
