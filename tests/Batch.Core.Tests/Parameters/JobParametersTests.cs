namespace Batch.Core.Tests.Parameters;

public class JobParametersTests
{
    private static IEnumerable<TestCaseData> EveryType()
    {
        yield return new TestCaseData(JobParameter.Of("hello world / ü & = %")).SetName("string with reserved characters");
        yield return new TestCaseData(JobParameter.Of(long.MinValue)).SetName("long");
        yield return new TestCaseData(JobParameter.Of(3.141592653589793)).SetName("double");
        yield return new TestCaseData(JobParameter.Of(-12345.678901234567890m)).SetName("decimal");
        yield return new TestCaseData(JobParameter.Of(new DateOnly(2026, 11, 22))).SetName("date");
        yield return new TestCaseData(JobParameter.Of(new DateTimeOffset(2026, 11, 22, 10, 30, 15, 123, TimeSpan.FromHours(9)))).SetName("datetime");
        yield return new TestCaseData(JobParameter.Of(true)).SetName("bool");
        yield return new TestCaseData(JobParameter.Of(42L, identifying: false)).SetName("non-identifying long");
    }

    [TestCaseSource(nameof(EveryType))]
    public void Every_type_round_trips_through_its_text_form(JobParameter parameter)
    {
        var parameters = new JobParametersBuilder().Add("p", parameter).Add("other", JobParameter.Of("x")).Build();

        var text = parameters.ToString();
        var parsed = JobParameters.Parse(text);

        parsed.Equals(parameters).Should().BeTrue();
        parsed["p"].Value.Should().Be(parameter.Value);
        parsed["p"].Type.Should().Be(parameter.Type);
        parsed["p"].Identifying.Should().Be(parameter.Identifying);
    }

    [Test]
    public void The_text_form_reads_types_and_the_non_identifying_marker()
    {
        var parameters = JobParameters.Parse("date:date=2026-11-22&count(long)=10&-note=catch-up&ratio:double=0.5&flag:bool=true&name=plain");

        parameters.GetDate("date").Should().Be(new DateOnly(2026, 11, 22));
        parameters.GetLong("count").Should().Be(10);
        parameters.GetString("note").Should().Be("catch-up");
        parameters["note"].Identifying.Should().BeFalse();
        parameters.GetDouble("ratio").Should().Be(0.5);
        parameters.GetBool("flag").Should().BeTrue();
        parameters.GetString("name").Should().Be("plain");
    }

    [TestCase("date", "has no '='")]
    [TestCase("=value", "the name is empty")]
    [TestCase("count:long=abc", "'abc' is not a valid long")]
    [TestCase("when:date=22/11/2026", "yyyy-MM-dd")]
    [TestCase("x:money=1", "'money' is not a parameter type")]
    [TestCase("x(long=1", "not closed")]
    [TestCase("a=1&a=2", "more than once")]
    public void A_malformed_token_gets_an_error_that_quotes_it(string text, string reason)
    {
        var parse = () => JobParameters.Parse(text);

        var error = parse.Should().Throw<JobParametersFormatException>().Which;
        error.Message.Should().Contain(reason);
        error.Message.Should().Contain($"'{error.Token}'");
        text.Should().Contain(error.Token);
    }

    [Test]
    public void Parameters_that_differ_only_in_non_identifying_values_name_the_same_instance()
    {
        var first = JobParameters.Parse("date:date=2026-11-22&-note=first");
        var second = JobParameters.Parse("-note=second&date:date=2026-11-22");

        first.ToJobKey().Should().Be(second.ToJobKey());
    }

    [Test]
    public void Parameters_that_differ_in_an_identifying_value_or_type_name_different_instances()
    {
        var baseKey = JobParameters.Parse("date:date=2026-11-22").ToJobKey();

        JobParameters.Parse("date:date=2026-11-23").ToJobKey().Should().NotBe(baseKey);
        JobParameters.Parse("date=2026-11-22").ToJobKey().Should().NotBe(baseKey);
        JobParameters.Parse("date:date=2026-11-22&run:long=2").ToJobKey().Should().NotBe(baseKey);
    }

    [Test]
    public void The_order_of_identifying_parameters_does_not_change_the_instance()
    {
        JobParameters.Parse("a=1&b:long=2").ToJobKey().Should().Be(JobParameters.Parse("b:long=2&a=1").ToJobKey());
    }

    [Test]
    public void Reading_a_parameter_with_the_wrong_type_says_how_to_pass_it()
    {
        var parameters = JobParameters.Parse("count=10");

        var read = () => parameters.GetLong("count");

        read.Should().Throw<InvalidCastException>().WithMessage("*'count' is of type string, not long*count:long=*");
    }

    [Test]
    public void Reading_a_missing_parameter_names_it_and_the_ones_given()
    {
        var read = () => JobParameters.Parse("a=1").GetString("date");

        read.Should().Throw<KeyNotFoundException>().WithMessage("*'date' was not given*a*");
    }
}
