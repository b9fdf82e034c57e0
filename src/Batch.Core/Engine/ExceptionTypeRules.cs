namespace Batch.Engine;

/// <summary>Yes/no rules per exception type; the rule for the closest type in the exception's hierarchy wins.</summary>
internal sealed class ExceptionTypeRules
{
    private readonly Dictionary<Type, bool> _rules = [];

    public ExceptionTypeRules(IEnumerable<Type> yes, IEnumerable<Type> no)
    {
        foreach (var type in yes)
        {
            _rules[type] = true;
        }

        foreach (var type in no)
        {
            _rules[type] = false;
        }
    }

    public bool IsEmpty => _rules.Count == 0;

    /// <summary>The rule for the exception's type or its closest base type, or null when none applies.</summary>
    public bool? Decide(Exception exception)
    {
        if (_rules.Count == 0)
        {
            return null;
        }

        for (var type = exception.GetType(); type is not null; type = type.BaseType)
        {
            if (_rules.TryGetValue(type, out var rule))
            {
                return rule;
            }
        }

        return null;
    }
}
