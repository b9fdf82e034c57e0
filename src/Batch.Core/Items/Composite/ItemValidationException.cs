using System.ComponentModel.DataAnnotations;

namespace Batch.Items.Composite;

/// <summary>
/// An item failed its DataAnnotations validation (<see cref="ValidatingItemProcessor{T}"/>). A business error, so a
/// fault-tolerant step skips it by default; the message lists every invalid member with its error.
/// </summary>
public class ItemValidationException : BusinessException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="itemType">The type of the item validated.</param>
    /// <param name="errors">The validation errors, at least one.</param>
    public ItemValidationException(Type itemType, IReadOnlyList<ValidationResult> errors)
        : base(Describe(itemType, errors), "Correct the invalid fields of the item in the input and load it again if it is needed.")
    {
        ArgumentNullException.ThrowIfNull(itemType);
        ItemType = itemType;
        Errors = [.. errors];
        InvalidMembers = [.. errors.SelectMany(e => e.MemberNames).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The type of the item validated.</summary>
    public Type ItemType { get; }

    /// <summary>The validation errors, in the order the validator reported them.</summary>
    public IReadOnlyList<ValidationResult> Errors { get; }

    /// <summary>The names of the invalid members, each once, in the order first reported.</summary>
    public IReadOnlyList<string> InvalidMembers { get; }

    /// <summary>Describes the errors as one line: <c>Order is invalid: Name (The Name field is required.), Quantity (...)</c>.</summary>
    /// <param name="itemType">The item's type.</param>
    /// <param name="errors">The errors.</param>
    /// <returns>The description.</returns>
    internal static string Describe(Type itemType, IReadOnlyList<ValidationResult> errors)
    {
        ArgumentNullException.ThrowIfNull(itemType);
        ArgumentNullException.ThrowIfNull(errors);
        var parts = errors.Select(e =>
        {
            var members = string.Join("+", e.MemberNames);
            return members.Length == 0 ? e.ErrorMessage ?? "invalid" : $"{members} ({e.ErrorMessage})";
        });
        return $"{itemType.Name} is invalid: {string.Join(", ", parts)}";
    }
}
