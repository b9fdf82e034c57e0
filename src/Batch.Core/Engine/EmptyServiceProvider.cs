namespace Batch.Engine;

/// <summary>A service provider with no services, for jobs run without dependency injection.</summary>
internal sealed class EmptyServiceProvider : IServiceProvider
{
    public static readonly EmptyServiceProvider Instance = new();

    public object? GetService(Type serviceType) => null;
}
