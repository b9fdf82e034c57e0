namespace Samples.Pass.Web;

/// <summary>Settings of the pass sample's web server (<see cref="PassWebServer"/>).</summary>
internal sealed class PassWebOptions
{
    /// <summary>The configuration section of the web server (<c>Pass:Web</c>; its <c>AdminKey</c>).</summary>
    public const string Section = "Pass:Web";

    /// <summary>The port used when none is given.</summary>
    public const int DefaultPort = 5090;

    /// <summary>The address listened on when none is given: this machine only.</summary>
    public const string DefaultHost = "127.0.0.1";

    /// <summary>Where Kestrel listens (one URL; port 0 picks a free port).</summary>
    public string Url { get; set; } = $"http://{DefaultHost}:{DefaultPort}";

    /// <summary>The admin key the admin pages and APIs require in the <c>X-Admin-Key</c> header; null or empty: they refuse everything.</summary>
    public string? AdminKey { get; set; }

    /// <summary>
    /// Whether requests may name another host than this machine's (<c>Host</c> header). False (the default, with a loopback address):
    /// only <c>127.0.0.1</c>, <c>localhost</c> and <c>[::1]</c> are answered, so a web page of another site cannot reach the server
    /// through a DNS name it points at 127.0.0.1.
    /// </summary>
    public bool AllowRemote { get; set; }
}
