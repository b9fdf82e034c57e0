using Batch.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Samples;

namespace Batch.Samples.Tests;

/// <summary>The sample's configuration sends the progress, exception, recovery and job-flow channels each to a file of its own.</summary>
public class ChannelLogFilesTests
{
    [Test]
    public async Task Each_channel_goes_to_its_own_file_and_only_there()
    {
        var directory = Directory.CreateTempSubdirectory("channels-");
        try
        {
            string File(string name) => Path.Combine(directory.FullName, name);
            using (var host = SampleHost.Build(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Batch:Provider"] = "Sqlite",
                ["Batch:ConnectionString"] = $"Data Source={File("samples.db")}",
                ["LogFiles:Batch.Progress"] = File("progress.log"),
                ["LogFiles:Batch.Recovery"] = File("recovery.log"),
                ["LogFiles:Batch.Exception"] = File("exception.log"),
                ["LogFiles:Batch.JobFlow"] = File("job-flow.log"),
            })))
            {
                await host.StartAsync();
                var runner = host.Services.GetRequiredService<BatchCommandLineRunner>();
                using var output = new StringWriter();
                (await runner.RunAsync(["run", "squares", "count:long=3000", "-failAt:long=2537"], output, output, CancellationToken.None))
                    .Should().Be(BatchExitCodes.Failed, output.ToString());
                await host.StopAsync();
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var flow = await System.IO.File.ReadAllTextAsync(File("job-flow.log"));
            flow.Should().Contain("squares started").And.Contain("squares ended abnormally").And.NotContain("items to do").And.NotContain("   at ");
            var progress = await System.IO.File.ReadAllTextAsync(File("progress.log"));
            progress.Should().Contain("Step 'square' of job 'squares' started: 3000 items to do").And.NotContain("ended abnormally");
            var exceptions = await System.IO.File.ReadAllTextAsync(File("exception.log"));
            exceptions.Should().Contain("Simulated failure at number 2537").And.Contain("   at ", "system faults carry their stack trace")
                .And.NotContain("items to do").And.NotContain("squares started");
            (System.IO.File.Exists(File("recovery.log")) ? await System.IO.File.ReadAllTextAsync(File("recovery.log")) : string.Empty)
                .Should().BeEmpty("the sample job has no business error, and no other channel writes there");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }
}
