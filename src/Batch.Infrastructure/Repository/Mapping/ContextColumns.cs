namespace Batch.Infrastructure.Repository.Mapping;

/// <summary>
/// How an <see cref="BatchExecutionContext"/> is split over SHORT_CONTEXT and SERIALIZED_CONTEXT, as Spring
/// Batch does: JSON of up to 2500 characters goes in SHORT_CONTEXT alone; a longer one goes whole in
/// SERIALIZED_CONTEXT, with its first characters and "..." in SHORT_CONTEXT for people reading the table.
/// </summary>
internal static class ContextColumns
{
    /// <summary>The width of SHORT_CONTEXT.</summary>
    public const int ShortLength = 2500;

    /// <summary>Serializes a context into the two column values.</summary>
    public static (string Short, string? Serialized) Write(BatchExecutionContext context)
    {
        var json = ExecutionContextSerializer.Serialize(context);
        if (json.Length <= ShortLength)
        {
            return (json, null);
        }

        var cut = ShortLength - 3;
        if (char.IsHighSurrogate(json[cut - 1]))
        {
            cut--;
        }

        return (string.Concat(json.AsSpan(0, cut), "..."), json);
    }

    /// <summary>Reads a context from the two column values (an absent row gives an empty context).</summary>
    public static BatchExecutionContext Read(string? shortContext, string? serialized) =>
        ExecutionContextSerializer.Deserialize(serialized ?? shortContext);
}
