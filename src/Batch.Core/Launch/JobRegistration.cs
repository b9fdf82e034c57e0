using Batch.Jobs;

namespace Batch.Launch;

/// <summary>One job registered with <c>AddBatch</c>: a factory that builds it from the application's services.</summary>
/// <param name="Factory">Builds the job.</param>
public sealed record JobRegistration(Func<IServiceProvider, IJob> Factory);
