namespace Batch.Infrastructure.Repository.Mapping;

/// <summary>Exit codes and messages are cut to the width of their columns (VARCHAR(2500)), as Spring Batch does.</summary>
internal static class ExitText
{
    public const int Width = 2500;

    public static string Fit(string text) => text.Length <= Width ? text : text[..Width];
}
