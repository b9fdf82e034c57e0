using Batch.Infrastructure.Database;

namespace Batch.Infrastructure.Tests.Database;

public sealed class QueryParametersTests
{
    [TestCase("cust", "no '='")]
    [TestCase("cust=a&cust=b", "given twice")]
    [TestCase("cu st;--=a", "not a parameter name")]
    public void A_job_validator_checking_the_query_parameter_refuses_a_malformed_one_before_an_instance_exists(string query, string problem)
    {
        var validator = new Batch.Jobs.DefaultJobParametersValidator()
            .Allow("query", JobParameterType.String)
            .Check("query", v => QueryParameters.Problem(v as string));

        var validate = () => validator.Validate(new JobParametersBuilder().AddString("query", query).Build());

        validate.Should().Throw<JobParametersInvalidException>().Which.Message.Should().Contain("'query' is not valid: ").And.Contain(problem);
        validator.Validate(new JobParametersBuilder().AddString("query", "cust=a&min=0").Build());
        QueryParameters.Problem("cust=a&min=0").Should().BeNull();
    }

    [Test]
    public void Pairs_are_read_in_order_and_a_value_keeps_every_equals_sign_after_the_first()
    {
        var parameters = QueryParameters.Parse("from=2024-01-01&region=KR&filter=a=b");

        parameters.Select(p => (p.Key, p.Value)).Should().Equal(("from", "2024-01-01"), ("region", "KR"), ("filter", "a=b"));
    }

    [Test]
    public void Percent_escapes_give_a_literal_ampersand_and_percent()
    {
        QueryParameters.Parse("name=Tom%26Jerry&rate=5%25")
            .Select(p => p.Value).Should().Equal("Tom&Jerry", "5%");
    }

    [Test]
    public void Blank_text_gives_no_parameters_and_an_empty_value_is_allowed()
    {
        QueryParameters.Parse("  ").Should().BeEmpty();
        QueryParameters.Parse(null).Should().BeEmpty();
        QueryParameters.Parse("region=").Single().Value.Should().BeEmpty();
    }

    [TestCase("region", "has no '='")]
    [TestCase("=KR", "the name before '=' is empty")]
    [TestCase("1st=KR", "is not a parameter name")]
    [TestCase("re gion=KR", "is not a parameter name")]
    [TestCase("region=KR&REGION=JP", "is given twice")]
    [TestCase("rate=5%", "two hexadecimal digits")]
    public void Malformed_text_fails_with_a_message_naming_the_pair_and_the_form(string text, string reason)
    {
        var parse = () => QueryParameters.Parse(text);

        parse.Should().Throw<FormatException>().WithMessage($"*{reason}*").WithMessage("*name=value pairs joined by '&'*");
    }

    [Test]
    public void The_job_parameter_holding_the_text_is_parsed_and_its_name_is_in_the_error()
    {
        // On the command line the job parameters are '&'-joined too, so the query's own '&' is written %26 there.
        var commandLine = JobParameters.Parse("run:long=1&query=from=2024-01-01%26region=KR");
        var bad = new JobParametersBuilder().AddString("query", "region").Build();

        QueryParameters.FromJobParameters(commandLine).Select(p => (p.Key, p.Value)).Should().Equal(("from", "2024-01-01"), ("region", "KR"));
        QueryParameters.FromJobParameters(JobParameters.Empty).Should().BeEmpty();
        var parse = () => QueryParameters.FromJobParameters(bad);
        parse.Should().Throw<FormatException>().WithMessage("Job parameter 'query':*");
    }
}
