using Batch.Hosting;
using Microsoft.Data.Sqlite;
using Samples.Squares;

namespace Batch.Samples.Tests;

/// <summary>The squares sample refuses what could never complete before an instance exists, and its report cannot overflow.</summary>
public class SquaresValidationTests : SampleHostFixture
{
    private DirectoryInfo _directory = null!;

    protected override Task<IReadOnlyDictionary<string, string>> RepositorySettingsAsync()
    {
        _directory = Directory.CreateTempSubdirectory("squares-validation-");
        return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
        {
            ["Provider"] = "Sqlite",
            ["ConnectionString"] = $"Data Source={Path.Combine(_directory.FullName, "samples.db")}",
        });
    }

    protected override Task AfterHostStoppedAsync()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
        return Task.CompletedTask;
    }

    [TestCase("count=abc", "'count' must be a long, and 'abc' is not one")]
    [TestCase("count=", "'count' must be a long")]
    [TestCase("count:long=-5", "'count' is -5; it must be between 1 and 1000000000")]
    [TestCase("count:long=0", "between 1 and 1000000000")]
    [TestCase("count:long=1000000001", "between 1 and 1000000000")]
    [TestCase("-failAt=abc", "'failAt' must be a long")]
    public async Task A_count_that_could_never_complete_is_refused_before_an_instance_exists(string parameter, string message)
    {
        var code = await Run("run", "squares", parameter);

        code.Should().Be(BatchExitCodes.UsageError, Out + Err.ToString());
        Err.ToString().Should().Contain(message);
        (await Run("list")).Should().Be(BatchExitCodes.Completed);
        Out.ToString().Should().NotContain("instance");
    }

    [Test]
    public async Task The_report_sums_squares_whose_total_is_beyond_a_bigint_without_overflowing()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = SquareTable.CreateSql;
            await create.ExecuteNonQueryAsync();
        }

        var expected = 0m;
        for (var n = SquaresJob.MaxCount - 19; n <= SquaresJob.MaxCount; n++)
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO SAMPLE_SQUARES (INSTANCE_ID, N, SQUARE) VALUES (1, @n, @s)";
            insert.Parameters.AddWithValue("@n", n);
            insert.Parameters.AddWithValue("@s", n * n);
            await insert.ExecuteNonQueryAsync();
            expected += (decimal)n * n;
        }

        expected.Should().BeGreaterThan(long.MaxValue, "the test must sum past what a BIGINT holds");

        var (rows, sum) = await SquareTable.ReadSummaryAsync(connection, null, 1, CancellationToken.None);

        rows.Should().Be(20);
        sum.Should().Be(expected);
    }

    [Test]
    public void The_largest_count_the_validator_accepts_has_a_square_and_a_sum_that_fit()
    {
        var max = SquaresJob.MaxCount;

        var square = () => checked(max * max);
        square.Should().NotThrow();
        ((decimal)max * (max + 1) * ((2 * max) + 1) / 6).Should().BeLessThan(decimal.MaxValue);
        (max * 999_999_999m).Should().BeLessThan(long.MaxValue, "each part of the summary's sum stays within BIGINT");
    }
}
