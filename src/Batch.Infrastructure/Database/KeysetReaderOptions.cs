using System.Data.Common;

namespace Batch.Infrastructure.Database;

/// <summary>What a <see cref="KeysetItemReader{T}"/> reads, and how.</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class KeysetReaderOptions<T>
{
    /// <summary>
    /// The SELECT whose rows are read, without ORDER BY or LIMIT (the reader adds them); it may filter with <c>WHERE</c> and
    /// use the bound <see cref="Parameters"/> (<c>@region</c>). Its result must include the <see cref="KeyColumns"/> by name.
    /// Either this or <see cref="Table"/> and <see cref="Columns"/>.
    /// </summary>
    public string? Sql { get; set; }

    /// <summary>The table to read (when <see cref="Sql"/> is not given).</summary>
    public string? Table { get; set; }

    /// <summary>The columns of <see cref="Table"/> to read; all of them when empty.</summary>
    public IReadOnlyList<string> Columns { get; set; } = [];

    /// <summary>
    /// The key the rows are read in order of, unique over the rows: one column (<c>["id"]</c>), or several for a composite key
    /// (<c>["day", "seq"]</c>, compared as a row value). A restart resumes after the last key committed, so rows inserted
    /// before it in the meantime are not read and nothing already written is read again.
    /// </summary>
    public IReadOnlyList<string> KeyColumns { get; set; } = [];

    /// <summary>Turns the current row into an item (by ordinal or name); called once per row, keep it free of reflection.</summary>
    public Func<DbDataReader, T>? Mapper { get; set; }

    /// <summary>The parameters bound to the query (for example <see cref="QueryParameters.FromJobParameters"/>); none by default.</summary>
    public QueryParameters Parameters { get; set; } = QueryParameters.Empty;

    /// <summary>The rows fetched per query (1000 by default). Independent of the chunk size.</summary>
    public int PageSize { get; set; } = 1000;

    /// <summary>
    /// How long one page's query may take before the step fails (seed 001's data-query timeout; 60 s by default), set as the
    /// command's <c>CommandTimeout</c> (whole seconds, rounded up).
    /// </summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The name the reader's position is kept under in the step's context (<c>{Name}.lastKey.{column}</c>); unique within the step.</summary>
    public string Name { get; set; } = "keyset.reader";

    internal void Validate()
    {
        if (Sql is null == (Table is null))
        {
            throw new ArgumentException("Give the keyset reader either Sql (a SELECT) or Table (with optional Columns), not both or neither.");
        }

        if (Table is not null)
        {
            SqlIdentifier.Require(Table, "table");
            foreach (var column in Columns)
            {
                SqlIdentifier.Require(column, "column");
            }
        }

        SqlIdentifier.RequireAll(KeyColumns, "key column");
        ArgumentNullException.ThrowIfNull(Mapper, nameof(Mapper));
        ArgumentNullException.ThrowIfNull(Parameters, nameof(Parameters));
        if (Sql is not null)
        {
            RequireBound(Sql, Parameters);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(PageSize, 1, nameof(PageSize));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(FetchTimeout, TimeSpan.Zero, nameof(FetchTimeout));
        ArgumentException.ThrowIfNullOrWhiteSpace(Name, nameof(Name));
    }

    /// <summary>Refuses a placeholder of the SQL that no parameter binds (unbound, it would read as NULL or as an operator, not fail).</summary>
    private static void RequireBound(string sql, QueryParameters parameters)
    {
        var bound = parameters.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var missing = SqlPlaceholders.Names(sql).Where(n => !bound.Contains(n)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var given = bound.Count == 0 ? "none is given" : "those given are " + string.Join(", ", parameters.Select(p => p.Key));
        throw new ArgumentException(
            $"The keyset reader's Sql uses {string.Join(", ", missing.Select(n => "@" + n))}, which no query parameter binds ({given}; names match exactly, case included). " +
            $"Give {(missing.Count == 1 ? "it" : "them")} in the query parameters (for example the job parameter query={missing[0]}=…) or take {(missing.Count == 1 ? "it" : "them")} out of the Sql. " +
            "On the command line the '&' between the query's own pairs is written %26 (query=a=1%26b=2); a plain '&' starts another job parameter.");
    }
}
