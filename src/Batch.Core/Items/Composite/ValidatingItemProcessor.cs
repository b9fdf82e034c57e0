using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Batch.Items.Composite;

/// <summary>
/// Validates each item with its DataAnnotations attributes (<see cref="Validator.TryValidateObject(object, ValidationContext, ICollection{ValidationResult}?, bool)"/>
/// over all properties, and <see cref="IValidatableObject"/>), and either fails an invalid item with an
/// <see cref="ItemValidationException"/> listing the invalid members (skippable in a fault-tolerant step) or filters it
/// out with a warning (<see cref="ValidationFailureMode"/>). A valid item passes unchanged.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks>DataAnnotations reads the attributes by reflection (cached by the runtime per type), so this processor is not trimming-safe.</remarks>
/// <example>
/// <code>
/// public sealed record Customer([property: Required] string Name, [property: Range(0, 150)] int Age);
/// .Processor(new ValidatingItemProcessor&lt;Customer&gt;(ValidationFailureMode.Filter, loggerFactory.CreateLogger("Batch.Validation")))
/// </code>
/// </example>
[RequiresUnreferencedCode("DataAnnotations validation reads the item type's attributes by reflection.")]
public sealed partial class ValidatingItemProcessor<T> : IItemProcessor<T, T>
    where T : notnull
{
    [ThreadStatic]
    private static List<ValidationResult>? t_results;

    private readonly ValidationFailureMode _mode;
    private readonly ILogger _logger;

    /// <summary>Creates the processor.</summary>
    /// <param name="mode">Fail (the default) or filter invalid items.</param>
    /// <param name="logger">Where filtered items are reported (a warning each); none by default.</param>
    public ValidatingItemProcessor(ValidationFailureMode mode = ValidationFailureMode.Fail, ILogger? logger = null)
    {
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Use ValidationFailureMode.Fail or ValidationFailureMode.Filter.");
        }

        _mode = mode;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>What is done with an invalid item.</summary>
    public ValidationFailureMode Mode => _mode;

    /// <inheritdoc />
    /// <exception cref="ItemValidationException">The item is invalid and <see cref="Mode"/> is <see cref="ValidationFailureMode.Fail"/>.</exception>
    public ValueTask<ItemResult<T>> ProcessAsync(T item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var results = t_results ??= [];
        results.Clear();
        if (Validator.TryValidateObject(item, new ValidationContext(item), results, validateAllProperties: true))
        {
            return new(new ItemResult<T>(item));
        }

        ValidationResult[] errors = [.. results];
        results.Clear();
        if (_mode == ValidationFailureMode.Fail)
        {
            throw new ItemValidationException(typeof(T), errors);
        }

        if (_logger.IsEnabled(LogLevel.Warning))
        {
            LogFiltered(_logger, ItemValidationException.Describe(typeof(T), errors));
        }

        return new(ItemResult<T>.None);
    }

    [LoggerMessage(40, LogLevel.Warning, "Filtered an invalid item: {Description}")]
    private static partial void LogFiltered(ILogger logger, string description);
}
