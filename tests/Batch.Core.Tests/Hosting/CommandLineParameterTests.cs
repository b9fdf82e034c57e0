using Batch.Core.Tests.Support;
using Batch.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Batch.Core.Tests.Hosting;

/// <summary>Parameters the command line refuses with the usage code and a short, clear line, before any instance exists.</summary>
public class CommandLineParameterTests
{
    private CommandLineHarness _cli = null!;

    private ServiceProvider Services => _cli.Services;

    private StringWriter Out => _cli.Out;

    private StringWriter Err => _cli.Err;

    [SetUp]
    public void SetUp()
    {
        _cli = new CommandLineHarness(services => services.AddBatch(batch => batch.AddJob(new NumbersJob(100, 10).Job)));
    }

    [TearDown]
    public void TearDown() => _cli.Dispose();

    private Task<int> Run(params string[] args) => _cli.RunAsync(args);

    private async Task<int> InstanceCount() =>
        (await Services.GetRequiredService<IJobExplorer>().GetJobInstancesAsync("numbers", 0, 100, CancellationToken.None)).Count;

    [TestCase("run")]
    [TestCase("next")]
    public async Task A_parameter_written_as_a_double_dash_option_exits_with_the_usage_code(string command)
    {
        var code = await Run(command, "numbers", "--count:long=5");

        code.Should().Be(BatchExitCodes.UsageError, Err.ToString());
        Err.ToString().Should().Contain("'--count:long=5'").And.Contain("without '--'").And.NotContain("ArgumentException");
        (await InstanceCount()).Should().Be(0);
    }

    [Test]
    public async Task A_decimal_with_a_comma_exits_with_the_usage_code_and_says_to_write_a_dot()
    {
        var code = await Run("run", "numbers", "count:decimal=5,5");

        code.Should().Be(BatchExitCodes.UsageError);
        Err.ToString().Should().Contain("with a dot, no thousands separators");
        (await InstanceCount()).Should().Be(0);
    }

    [Test]
    public async Task A_parameter_name_over_the_schema_limit_exits_with_the_usage_code_on_the_in_memory_repository()
    {
        var code = await Run("run", "numbers", new string('k', 101) + "=1");

        code.Should().Be(BatchExitCodes.UsageError);
        Err.ToString().Should().Contain("KEY_NAME VARCHAR(100)");
        (await InstanceCount()).Should().Be(0);
    }

    [Test]
    public async Task A_malformed_ten_thousand_character_token_is_cut_in_the_one_line_error()
    {
        var token = "n:long=" + new string('x', 10_000 - 7);

        var code = await Run("run", "numbers", token);

        code.Should().Be(BatchExitCodes.UsageError);
        var line = Err.ToString().TrimEnd();
        line.Split('\n').Should().HaveCount(1);
        line.Length.Should().BeLessThan(600);
        line.Should().Contain("… (10,000 characters)");
    }
}
