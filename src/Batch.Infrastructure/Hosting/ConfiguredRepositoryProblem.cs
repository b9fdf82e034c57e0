using Batch.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// A job repository configuration that cannot work (an unknown provider, a missing or unreadable connection string), reported
/// where every bad setting is: the host's start fails with an <see cref="OptionsValidationException"/> naming it (the command line
/// prints it and exits with code 2), and so does anything that asks for the repository — never an exception while the application
/// registers its services, which would crash it before any command, <c>--help</c> included, could run.
/// </summary>
internal sealed class ConfiguredRepositoryProblem(string problem) : IValidateOptions<BatchOptions>
{
    public static BatchBuilder Register(BatchBuilder builder, string problem)
    {
        builder.Services.AddSingleton<IValidateOptions<BatchOptions>>(new ConfiguredRepositoryProblem(problem));
        return builder.UseRepository(_ => throw new OptionsValidationException(Microsoft.Extensions.Options.Options.DefaultName, typeof(BatchOptions), [problem]));
    }

    public ValidateOptionsResult Validate(string? name, BatchOptions options) =>
        name is null || name == Microsoft.Extensions.Options.Options.DefaultName ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Skip;
}
