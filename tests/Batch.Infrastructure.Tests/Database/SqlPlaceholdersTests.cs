using Batch.Infrastructure.Database;
using Microsoft.Data.Sqlite;

namespace Batch.Infrastructure.Tests.Database;

/// <summary>
/// The placeholders a keyset reader's SQL must have bound are found outside literals, quoted names and comments, and a
/// placeholder that no query parameter binds is refused before anything runs (unbound, it would read as NULL or as an operator).
/// </summary>
public sealed class SqlPlaceholdersTests
{
    [TestCase("SELECT * FROM t WHERE a = @a AND b > @b_2 OR c = @a", new[] { "a", "b_2" })]
    [TestCase("SELECT '@no', \"@no\", E'it\\'s @no', 'it''s @no' FROM t WHERE x = @yes", new[] { "yes" })]
    [TestCase("SELECT 1 -- @no\nFROM t /* @no /* nested @no */ still @no */ WHERE x = @yes", new[] { "yes" })]
    [TestCase("SELECT $$ @no $$, $body$ @no $body$, $1 FROM t WHERE x = @yes", new[] { "yes" })]
    [TestCase("SELECT data @> '{}' , @@version, user@host, x FROM t", new string[0])]
    [TestCase("SELECT * FROM t WHERE x=@yes::int", new[] { "yes" })]
    public void Placeholders_are_the_at_names_outside_literals_quoted_names_and_comments(string sql, string[] expected)
    {
        SqlPlaceholders.Names(sql).Should().Equal(expected);
    }

    [Test]
    public void A_keyset_query_with_a_placeholder_no_query_parameter_binds_is_refused_with_its_name_and_what_to_do()
    {
        using var dataSource = SqliteFactory.Instance.CreateDataSource("Data Source=:memory:");

        var create = () => OrderTable.KeysetReader(
            dataSource, "sales", pageSize: 10,
            sql: "SELECT id, name, amount FROM sales WHERE name = @region AND amount > CAST(@min AS BIGINT)",
            parameters: QueryParameters.Parse("regoin=KR&min=5"));

        create.Should().Throw<ArgumentException>()
            .WithMessage("The keyset reader's Sql uses @region, which no query parameter binds (those given are regoin, min;*Give it in the query parameters (for example the job parameter query=region=…) or take it out of the Sql.*");
    }

    [Test]
    public void A_keyset_query_whose_placeholders_are_all_bound_is_accepted()
    {
        using var dataSource = SqliteFactory.Instance.CreateDataSource("Data Source=:memory:");

        var create = () => OrderTable.KeysetReader(
            dataSource, "sales", pageSize: 10,
            sql: "SELECT id, name, amount FROM sales WHERE name = @region -- or @other\n",
            parameters: QueryParameters.Parse("region=KR"));

        create.Should().NotThrow();
    }
}
