using Batch.Jobs;

namespace Batch.Core.Tests.Jobs;

/// <summary>The default validator checks types and ranges, so a launch that could never complete is refused before an instance exists.</summary>
public class ParametersValidatorTests
{
    private static readonly DefaultJobParametersValidator Count =
        new DefaultJobParametersValidator().Allow<long>("count", min: 1, max: 1_000).Allow("note");

    [TestCase("count=abc", "'count' must be a long, and 'abc' is not one: write for example count=42")]
    [TestCase("count=", "'count' must be a long, and '' is not one: write for example count=42")]
    [TestCase("-count:double=5", "'count' must be of type long, not double ('5'): write -count:long=...")]
    [TestCase("count:long=-5", "'count' is -5; it must be between 1 and 1000")]
    [TestCase("count:long=0", "'count' is 0; it must be between 1 and 1000")]
    [TestCase("count:long=1001", "'count' is 1001; it must be between 1 and 1000")]
    public void An_optional_typed_parameter_with_the_wrong_type_or_out_of_range_is_refused(string text, string message)
    {
        var validate = () => Count.Validate(JobParameters.Parse(text));

        validate.Should().Throw<JobParametersInvalidException>().Which.Message.Should().Contain(message);
    }

    [TestCase("count:long=1")]
    [TestCase("count:long=1000")]
    [TestCase("count=1000")]
    [TestCase("note=anything")]
    [TestCase("")]
    public void An_optional_typed_parameter_in_range_or_absent_is_accepted(string text)
    {
        var validate = () => Count.Validate(Count.ApplyDeclaredTypes(JobParameters.Parse(text)));

        validate.Should().NotThrow();
    }

    [TestCase("input:long=5", "'input' must be of type string, not long")]
    [TestCase("input=a.csv&-note:date=2026-12-01", "'note' must be of type string, not date")]
    public void A_parameter_declared_as_a_string_is_refused_with_another_type(string text, string message)
    {
        var validator = new DefaultJobParametersValidator().Require("input", JobParameterType.String).Allow("note", JobParameterType.String);

        var validate = () => validator.Validate(validator.ApplyDeclaredTypes(JobParameters.Parse(text)));

        validate.Should().Throw<JobParametersInvalidException>().Which.Message.Should().Contain(message);
        var valid = () => validator.Validate(validator.ApplyDeclaredTypes(JobParameters.Parse("input=a.csv&-note=hello")));
        valid.Should().NotThrow();
    }

    [TestCase("input=", "'input' is required but was given empty")]
    [TestCase("input=  ", "'input' is required but was given empty")]
    public void A_required_text_given_empty_or_blank_is_refused_as_if_missing(string text, string message)
    {
        var validator = new DefaultJobParametersValidator().Require("input", JobParameterType.String).Allow("note", JobParameterType.String);

        var validate = () => validator.Validate(validator.ApplyDeclaredTypes(JobParameters.Parse(text)));

        validate.Should().Throw<JobParametersInvalidException>().Which.Message.Should().Contain(message);
        var optional = () => validator.Validate(JobParameters.Parse("input=a.csv&note="));
        optional.Should().NotThrow("an optional text may be empty");
    }

    [Test]
    public void A_value_given_without_a_type_takes_the_declared_type_and_so_the_same_instance_as_the_typed_form()
    {
        var validator = new DefaultJobParametersValidator().Require<long>("count").Allow<DateOnly>("date").Allow("note");

        var typed = validator.ApplyDeclaredTypes(JobParameters.Parse("count=5&-date=2026-12-01&note=5"));

        typed["count"].Type.Should().Be(JobParameterType.Long);
        typed["count"].Value.Should().Be(5L);
        typed["date"].Type.Should().Be(JobParameterType.Date);
        typed["date"].Identifying.Should().BeFalse();
        typed["note"].Type.Should().Be(JobParameterType.String, "a parameter declared without a type stays as given");
        typed.ToJobKey().Should().Be(validator.ApplyDeclaredTypes(JobParameters.Parse("count:long=5&-date:date=2026-12-01&note=5")).ToJobKey());
        typed.Keys.Should().Equal("count", "date", "note");
    }

    [Test]
    public void A_value_that_is_not_of_the_declared_type_is_left_for_the_validation_to_refuse()
    {
        var parameters = JobParameters.Parse("count=five");

        Count.ApplyDeclaredTypes(parameters).Should().BeSameAs(parameters);
    }

    [Test]
    public void A_required_typed_parameter_is_checked_for_presence_type_and_bounds()
    {
        var validator = new DefaultJobParametersValidator().Require<DateOnly>("date", min: new DateOnly(2026, 1, 1));

        ((Action)(() => validator.Validate(JobParameters.Empty))).Should().Throw<JobParametersInvalidException>()
            .WithMessage("*'date' is required (write date:date=...)*");
        ((Action)(() => validator.Validate(JobParameters.Parse("date:date=2025-12-31")))).Should().Throw<JobParametersInvalidException>()
            .WithMessage("*'date' is 2025-12-31; it must be at least 2026-01-01*");
        ((Action)(() => validator.Validate(JobParameters.Parse("date:date=2026-01-01")))).Should().NotThrow();
    }

    [Test]
    public void An_upper_bound_alone_is_named_as_such()
    {
        var validator = new DefaultJobParametersValidator().Require<decimal>("rate", max: 0.5m);

        ((Action)(() => validator.Validate(JobParameters.Parse("rate:decimal=0.75")))).Should().Throw<JobParametersInvalidException>()
            .WithMessage("*'rate' is 0.75; it must be at most 0.5*");
    }

    [Test]
    public void A_type_that_is_no_parameter_type_or_an_empty_range_is_refused_when_the_job_is_defined()
    {
        ((Action)(() => new DefaultJobParametersValidator().Allow<int>("count"))).Should().Throw<ArgumentException>().WithMessage("*use long*");
        ((Action)(() => new DefaultJobParametersValidator().Allow<long>("count", min: 5, max: 1))).Should().Throw<ArgumentException>().WithMessage("*range of 'count' is empty*");
    }
}
