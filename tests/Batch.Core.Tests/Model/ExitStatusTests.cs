namespace Batch.Core.Tests.Model;

public class ExitStatusTests
{
    [TestCase("COMPLETED", "FAILED", "FAILED")]
    [TestCase("FAILED", "COMPLETED", "FAILED")]
    [TestCase("EXECUTING", "COMPLETED", "COMPLETED")]
    [TestCase("COMPLETED", "NOOP", "NOOP")]
    [TestCase("COMPLETED WITH SKIPS", "COMPLETED", "COMPLETED WITH SKIPS")]
    [TestCase("COMPLETED WITH SKIPS", "STOPPED", "STOPPED")]
    [TestCase("STOPPED", "FAILED", "FAILED")]
    [TestCase("FAILED", "UNKNOWN", "UNKNOWN")]
    public void Combining_two_exit_statuses_keeps_the_more_severe_code(string a, string b, string expected)
    {
        new ExitStatus(a).And(new ExitStatus(b)).ExitCode.Should().Be(expected);
    }

    [Test]
    public void Combining_keeps_both_descriptions()
    {
        var combined = new ExitStatus("FAILED", "disk full").And(new ExitStatus("COMPLETED", "3 skipped"));

        combined.ExitDescription.Should().Be("disk full; 3 skipped");
    }

    [Test]
    public void Batch_status_codes_round_trip_and_the_more_severe_status_wins()
    {
        foreach (var status in Enum.GetValues<BatchStatus>())
        {
            BatchStatusExtensions.ParseCode(status.ToCode()).Should().Be(status);
        }

        BatchStatus.Completed.Max(BatchStatus.Failed).Should().Be(BatchStatus.Failed);
        BatchStatus.Stopped.Max(BatchStatus.Started).Should().Be(BatchStatus.Stopped);
    }
}
