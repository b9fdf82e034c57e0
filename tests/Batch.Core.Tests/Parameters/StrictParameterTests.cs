using System.Globalization;
using System.Text.RegularExpressions;
using Batch.Core.Tests.Support;
using Batch.Jobs;
using Batch.Steps;

namespace Batch.Core.Tests.Parameters;

/// <summary>Parameters are read one strict, invariant way, and refused with a clear, short error otherwise.</summary>
public class StrictParameterTests
{
    [TestCase("count:decimal=5,5")]
    [TestCase("count:decimal=1,2,3")]
    [TestCase("count:double=5,5")]
    [TestCase("count:double=1,234.5")]
    [TestCase("count:long=1,2,3")]
    [TestCase("count:long=1,000")]
    [TestCase("count:long= 5")]
    [TestCase("count:long=(5)")]
    [TestCase("count:decimal=$5")]
    public void A_number_with_a_comma_a_separator_or_a_space_is_refused(string text)
    {
        var parse = () => JobParameters.Parse(text);

        parse.Should().Throw<JobParametersFormatException>().Which.Message.Should().Contain("is not a valid")
            .And.Contain("no thousands separators");
    }

    [TestCase("count:decimal=5.5", 5.5)]
    [TestCase("count:decimal=-1234.5", -1234.5)]
    [TestCase("count:decimal=+7", 7)]
    [TestCase("count:decimal=1.5E3", 1500)]
    public void A_decimal_is_read_with_a_dot_and_an_optional_sign_and_exponent(string text, double expected)
    {
        JobParameters.Parse(text).GetDecimal("count").Should().Be((decimal)expected);
    }

    [Test]
    public void Numbers_read_the_same_whatever_the_current_culture()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");

            var parameters = JobParameters.Parse("a:double=2.5&b:decimal=2.5&c:long=-3");

            parameters.GetDouble("a").Should().Be(2.5);
            parameters.GetDecimal("b").Should().Be(2.5m);
            parameters.ToString().Should().Be("a:double=2.5&b:decimal=2.5&c:long=-3");
            ((Action)(() => JobParameters.Parse("a:double=2,5"))).Should().Throw<JobParametersFormatException>();
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Test]
    public void Doubles_written_with_an_exponent_or_as_infinity_round_trip()
    {
        var parameters = new JobParametersBuilder().AddDouble("big", 1.5e20).AddDouble("tiny", -1.5e-5).AddDouble("inf", double.PositiveInfinity).Build();

        JobParameters.Parse(parameters.ToString()).Equals(parameters).Should().BeTrue(parameters.ToString());
    }

    [Test]
    public void A_name_starting_with_two_dashes_is_refused()
    {
        var parse = () => JobParameters.Parse("--count:long=5");

        parse.Should().Throw<JobParametersFormatException>().Which.Message.Should().Contain("one '-' at most");
    }

    [Test]
    public void A_parameter_name_longer_than_the_schema_allows_is_refused_naming_the_limit()
    {
        var name = new string('n', BatchSchemaLimits.ParameterName + 1);

        var parse = () => JobParameters.Parse(name + "=1");
        var build = () => new JobParametersBuilder().AddString(name, "1").Build();

        parse.Should().Throw<JobParametersFormatException>().Which.Message.Should().Contain("at most 100").And.Contain("KEY_NAME VARCHAR(100)");
        build.Should().Throw<ArgumentException>().Which.Message.Should().Contain("at most 100");
        JobParameters.Parse(new string('n', BatchSchemaLimits.ParameterName) + "=1").Count.Should().Be(1);
    }

    [Test]
    public void Job_and_step_names_longer_than_the_schema_allows_are_refused_naming_the_limit()
    {
        var name = new string('j', 101);

        ((Action)(() => _ = new JobBuilder(name))).Should().Throw<ArgumentException>().WithMessage("*at most 100*JOB_NAME VARCHAR(100)*");
        ((Action)(() => _ = new StepBuilder(name))).Should().Throw<ArgumentException>().WithMessage("*at most 100*STEP_NAME VARCHAR(100)*");
        ((Action)(() => _ = new StepBuilder(name[..100]))).Should().NotThrow();
    }

    [TestCase("postgresql")]
    [TestCase("sqlite")]
    public void The_limits_are_the_widths_of_the_schema_columns(string database)
    {
        var sql = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "schema", database, "create.sql"));

        Width(sql, "KEY_NAME").Should().Be(BatchSchemaLimits.ParameterName);
        Width(sql, "JOB_NAME").Should().Be(BatchSchemaLimits.JobName);
        Width(sql, "STEP_NAME").Should().Be(BatchSchemaLimits.StepName);
    }

    [Test]
    public void A_long_malformed_token_is_quoted_cut_to_its_start_and_its_length()
    {
        var token = "count:long=" + new string('9', 10_000 - 12) + "x";

        var error = ((Action)(() => JobParameters.Parse(token))).Should().Throw<JobParametersFormatException>().Which;

        error.Token.Should().Be(token);
        error.Message.Should().Contain(token[..60] + "… (10,000 characters)");
        error.Message.Length.Should().BeLessThan(600);
        error.Message.Should().NotContain("\n");
    }

    [Test]
    public void A_malformed_token_with_a_line_break_stays_one_line()
    {
        var error = ((Action)(() => JobParameters.Parse("count:long=1\n2"))).Should().Throw<JobParametersFormatException>().Which;

        error.Message.Should().NotContain("\n").And.Contain("1\\n2");
    }

    private static int Width(string sql, string column) =>
        int.Parse(Regex.Match(sql, column + @"\s+VARCHAR\((\d+)\)").Groups[1].Value, CultureInfo.InvariantCulture);
}
