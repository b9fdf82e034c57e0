using Microsoft.AspNetCore.Http;

namespace Samples.Pass.Web;

/// <summary>The field errors of one request, answered as a 400 ProblemDetails whose <c>errors</c> are keyed by field.</summary>
internal sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    /// <summary>Whether no error was found.</summary>
    public bool IsEmpty => _errors.Count == 0;

    /// <summary>Whether the field already has an error (later checks of it are then skipped).</summary>
    public bool Has(string field) => _errors.ContainsKey(field);

    /// <summary>Adds an error to a field.</summary>
    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    /// <summary>The 400 answer.</summary>
    /// <param name="title">What was not valid.</param>
    /// <param name="write">Whether the request would have written (its detail then says that nothing was).</param>
    public IResult ToResult(string title, bool write = false) => Results.ValidationProblem(
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal),
        detail: (write ? "Nothing was written: correct" : "Correct") + " the fields named in 'errors' and send the request again.",
        title: title);
}
