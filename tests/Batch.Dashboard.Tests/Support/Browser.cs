using Microsoft.Playwright;

namespace Batch.Dashboard.Tests.Support;

/// <summary>
/// One headless Chromium for the run, started on first use: Debian's /usr/bin/chromium (installed by scripts/ensure-chromium.sh),
/// never a download. <see cref="BrowserTeardown"/> closes it at the end.
/// </summary>
public static class Browser
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;

    /// <summary>A fresh page (its own cookies); a dialog fails the test, since the dashboard never opens one.</summary>
    public static async Task<IPage> NewPageAsync()
    {
        var browser = await StartAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout((float)Conditions.Limit.TotalMilliseconds);
        page.Dialog += (_, dialog) => Assert.Fail($"The page opened a dialog: {dialog.Message}");
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
