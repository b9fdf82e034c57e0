using Batch.Infrastructure.Database;
using Microsoft.Data.Sqlite;

namespace Batch.Infrastructure.Tests.Database;

/// <summary>The readers and writers refuse incomplete options and names that are not SQL names, with messages that say why.</summary>
public sealed class DatabaseOptionsTests
{
    [TestCase("orders; drop table orders")]
    [TestCase("orders--")]
    [TestCase("\"or\"ders\"")]
    [TestCase("")]
    public void A_table_that_is_not_a_SQL_name_is_refused_before_anything_runs(string table)
    {
        var create = () => OrderTable.BatchWriter(table);

        create.Should().Throw<ArgumentException>().WithMessage("*table*");
    }

    [Test]
    public void Quoted_and_schema_qualified_names_are_accepted_and_the_statement_has_the_conflict_clause()
    {
        var writer = new DbBatchItemWriter<Order>(new DbBatchWriterOptions<Order>
        {
            Table = "sales.\"Order Lines\"",
            Columns = ["id", "name", "amount"],
            KeyColumns = ["id"],
            OnDuplicateKey = DuplicateKeyMode.Update,
            Binder = (_, _) => { },
        });

        writer.Sql.Should().Be(
            "INSERT INTO sales.\"Order Lines\" (id, name, amount) VALUES (@p0, @p1, @p2) ON CONFLICT (id) DO UPDATE SET name = excluded.name, amount = excluded.amount");
    }

    [Test]
    public void An_upsert_without_key_columns_is_refused_with_what_to_set()
    {
        var create = () => new DbBatchItemWriter<Order>(new DbBatchWriterOptions<Order>
        {
            Table = "orders",
            Columns = ["id"],
            OnDuplicateKey = DuplicateKeyMode.Update,
            Binder = (_, _) => { },
        });

        create.Should().Throw<ArgumentException>().WithMessage("*needs KeyColumns*");
    }

    [Test]
    public void A_keyset_reader_needs_either_a_query_or_a_table_and_a_key()
    {
        using var dataSource = SqliteFactory.Instance.CreateDataSource("Data Source=:memory:");
        var both = () => new KeysetItemReader<Order>(dataSource, new KeysetReaderOptions<Order> { Sql = "SELECT 1", Table = "t", KeyColumns = ["id"], Mapper = OrderTable.Map });
        var noKey = () => new KeysetItemReader<Order>(dataSource, new KeysetReaderOptions<Order> { Table = "t", Mapper = OrderTable.Map });

        both.Should().Throw<ArgumentException>().WithMessage("*either Sql*or Table*");
        noKey.Should().Throw<ArgumentException>().WithMessage("*key column*");
    }
}
