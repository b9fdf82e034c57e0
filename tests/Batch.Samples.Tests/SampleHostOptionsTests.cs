using Batch.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Samples;

namespace Batch.Samples.Tests;

/// <summary>The sample reads the Batch section's settings (BatchOptions) beside its repository keys and schedules, as the README documents.</summary>
public class SampleHostOptionsTests
{
    [Test]
    public void The_Batch_sections_settings_reach_the_options_beside_the_repository_keys_and_the_schedules()
    {
        using var host = Build(("Batch:RecoverStaleAfter", "00:01:00"), ("Batch:ListInstancesPerJob", "2"));

        var options = host.Services.GetRequiredService<IOptions<BatchOptions>>().Value;

        options.RecoverStaleAfter.Should().Be(TimeSpan.FromMinutes(1));
        options.ListInstancesPerJob.Should().Be(2);
    }

    [TestCase("Batch:RecoverStaleAfter", "banana", "'Batch:RecoverStaleAfter' is 'banana', not a duration")]
    [TestCase("Batch:RecoverStaleAfer", "00:01:00", "'Batch:RecoverStaleAfer' is not a Batch setting")]
    public async Task A_bad_value_or_an_unknown_key_of_the_Batch_section_fails_the_start_naming_the_key(string key, string value, string message)
    {
        using var host = Build((key, value));

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().ContainMatch(message + "*");
    }

    [Test]
    public async Task An_unknown_execution_in_a_repository_whose_file_is_missing_names_the_file_it_looked_for()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"batch-missing-{Guid.NewGuid():N}", "batch.db");
        using var host = Build(("Batch:Provider", "Sqlite"), ("Batch:ConnectionString", $"Data Source={missing}"));
        await host.StartAsync();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await host.Services.GetRequiredService<BatchCommandLineRunner>().RunAsync(["show", "1"], output, error, CancellationToken.None);
        (await host.Services.GetRequiredService<BatchCommandLineRunner>().RunAsync(["list"], output, error, CancellationToken.None)).Should().Be(BatchExitCodes.Completed);
        await host.StopAsync();

        code.Should().Be(BatchExitCodes.UsageError);
        error.ToString().Should().Contain($"There is no job execution with id 1; 'list' shows the recent ones. Note: the job repository's SQLite file '{missing}' does not exist yet");
        output.ToString().Should().Contain($"No executions yet. Note: the job repository's SQLite file '{missing}' does not exist yet: nothing has run with this configuration.");
        File.Exists(missing).Should().BeFalse();
    }

    private static IHost Build(params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?> { ["Batch:Provider"] = "InMemory" };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        return SampleHost.Build(configuration => configuration.AddInMemoryCollection(values));
    }
}
