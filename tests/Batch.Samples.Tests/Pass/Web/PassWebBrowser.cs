using Microsoft.Playwright;

namespace Batch.Samples.Tests.Pass.Web;

/// <summary>
/// One headless Chromium for the pass web tests, started on first use: Debian's /usr/bin/chromium (scripts/ensure-chromium.sh installs
/// it), never a download. <see cref="PassWebBrowserTeardown"/> closes it after the tests of this namespace.
/// </summary>
public static class PassWebBrowser
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>How long a page or an expectation waits for its condition.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;

    /// <summary>A page in a fresh context (its own sessionStorage); a dialog or a script error fails the test.</summary>
    public static async Task<IPage> NewPageAsync()
    {
        var browser = await StartAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout((float)Limit.TotalMilliseconds);
        page.Dialog += (_, dialog) => Assert.Fail($"The page opened a dialog: {dialog.Message}");
        page.PageError += (_, error) => Assert.Fail($"The page's script failed: {error}");
        return page;
    }

    private static async Task<IBrowser> StartAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_browser is not null)
            {
                return _browser;
            }

            if (!File.Exists(ChromiumPath))
            {
                Assert.Fail($"{ChromiumPath} is missing: run 'bash scripts/ensure-chromium.sh' (it installs Debian's chromium package).");
            }

            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            });
            return _browser;
        }
        finally
        {
            Gate.Release();
        }
    }

    internal static async Task StopAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
            _browser = null;
        }

        _playwright?.Dispose();
        _playwright = null;
    }
}
