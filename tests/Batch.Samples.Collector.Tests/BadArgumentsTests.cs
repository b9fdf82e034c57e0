using Npgsql;

namespace Batch.Samples.Collector.Tests;

/// <summary>Bad arguments exit non-zero with a message naming the argument, before anything is written; a missing target database is a clear error.</summary>
public sealed class BadArgumentsTests : CollectorNightFixture
{
    [TestCase("2026-12-01", "01", "C1", "BASETIME '2026-12-01'")]
    [TestCase("20261301000000", "01", "C1", "BASETIME '20261301000000'")]
    [TestCase("20261201000000", "03", "C1", "CODE '03'")]
    [TestCase("20261201000000", "01", "NOPE", "CONN 'NOPE'")]
    [TestCase("20261201000000", "01", "C9", "CONN 'C9' has integration method code 02")]
    [TestCase("20261201000000", "02", "C9", "CONN 'C1' has integration method code 01, not 02")]
    public async Task Batchrun_refuses_a_bad_argument_naming_it_before_anything_is_written(string baseTime, string code, string connection, string named)
    {
        (await Run("batchrun", baseTime, code, "C1", connection)).Should().Be(2);

        Err.Should().Contain(named);
        await NothingWasWrittenAsync();
    }

    [Test]
    public async Task Batchrun_without_connections_is_a_usage_error()
    {
        (await Run("batchrun", BaseTime, "01")).Should().Be(2);
        await NothingWasWrittenAsync();
    }

    [Test]
    public async Task A_lake_root_outside_the_base_directory_is_refused_before_anything_is_written()
    {
        WriteFile("cfg/datalake.json", ReadFile("cfg/datalake.json").Replace("\"lake\"", "\"/tmp\"", StringComparison.Ordinal));

        (await Run("batchrun", BaseTime, "01", "C1")).Should().Be(2);

        Err.Should().Contain("namenode").And.Contain("'/tmp'").And.Contain("outside the collector's base directory");
        await NothingWasWrittenAsync();
    }

    [Test]
    public async Task A_missing_target_database_is_a_clear_error_and_nothing_runs()
    {
        WriteDatalake(new NpgsqlConnectionStringBuilder(Target) { Database = "dw_never_created" }.ConnectionString);

        (await Run("batchrun", BaseTime, "01", "C1")).Should().Be(1);

        Err.Should().Contain("does not exist").And.Contain("creates its tables but not the database").And.Contain("CREATE DATABASE dw_never_created");
        await NothingWasWrittenAsync();
    }

    [Test]
    public async Task Batchcheck_and_batchresult_name_their_bad_arguments()
    {
        (await Run("batchcheck", "yesterday", "C1")).Should().Be(2);
        Err.Should().Contain("BASETIME 'yesterday'");
        (await Run("batchcheck", BaseTime, "C1", "NOPE")).Should().Be(2);
        Err.Should().Contain("CONN 'NOPE'");
        (await Run("batchresult", BaseTime, "1")).Should().Be(2);
        Err.Should().Contain("CODE '1'");
        (await Run("batchresult", BaseTime, "01")).Should().Be(1, "no batchrun of that base time was recorded");
        (await Run("batchcheck", BaseTime, "C1")).Should().Be(1, "nothing was collected yet");
        Out.Should().Contain("orders NOT RUN");
    }
}
