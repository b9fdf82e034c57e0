namespace Samples.Collector;

/// <summary>Finds the base directory when a command first needs it: the configured one, else <c>$DATALAKE_COLLECTOR</c>, else the current folder.</summary>
public sealed class CollectorFolderProvider
{
    private readonly string? _configured;
    private CollectorFolder? _folder;

    /// <summary>Creates the provider.</summary>
    /// <param name="configured">The folder given in code or configuration (<c>Collector:BaseDirectory</c>); null to use the environment.</param>
    public CollectorFolderProvider(string? configured) => _configured = configured;

    /// <summary>The base directory.</summary>
    /// <returns>The folder.</returns>
    /// <exception cref="CollectorException">It is missing or not a proper folder.</exception>
    public CollectorFolder Get() =>
        _folder ??= new CollectorFolder(
            !string.IsNullOrWhiteSpace(_configured) ? _configured
            : Environment.GetEnvironmentVariable(CollectorFolder.EnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : Environment.CurrentDirectory);
}
