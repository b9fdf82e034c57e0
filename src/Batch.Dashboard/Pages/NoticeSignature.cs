using System.Security.Cryptography;
using System.Text;

namespace Batch.Dashboard.Pages;

/// <summary>
/// Signs the notice an action's redirect carries in its address (<c>?message=…&amp;sig=…</c>) with a key of this process, so a page
/// shows only notices the dashboard itself wrote: a link someone crafted with a message of their own shows none.
/// </summary>
internal static class NoticeSignature
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    /// <summary>The signature of a notice, for the address.</summary>
    public static string Sign(string message) => Convert.ToHexStringLower(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes(message)));

    /// <summary>Whether a notice and its signature came from this process.</summary>
    public static bool IsValid(string message, string signature)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(message));
        var given = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
