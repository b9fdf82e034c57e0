using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Batch.Dashboard;

/// <summary>The style sheet and the script, embedded in the assembly (no build step, no files to deploy).</summary>
internal static class DashboardAssets
{
    private static readonly ConcurrentDictionary<string, byte[]> Cache = new(StringComparer.Ordinal);

    public static async Task WriteAsync(HttpContext http, string name, string contentType)
    {
        var bytes = Cache.GetOrAdd(name, Load);
        http.Response.ContentType = contentType;
        http.Response.Headers.CacheControl = "public, max-age=3600";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted).ConfigureAwait(false);
    }

    private static byte[] Load(string name)
    {
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream("Batch.Dashboard." + name)
            ?? throw new InvalidOperationException($"The dashboard's embedded resource '{name}' is missing from Batch.Dashboard.dll.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
