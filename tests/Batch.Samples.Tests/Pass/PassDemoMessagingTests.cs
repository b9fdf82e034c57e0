using System.Text.RegularExpressions;
using Samples.Pass;

namespace Batch.Samples.Tests.Pass;

/// <summary><c>pass-demo</c> with <c>Pass:Notifications:Url</c> configured: the notifications go to that service, and no stand-in is started.</summary>
[TestFixture(PassBackend.Sqlite)]
public class PassDemoMessagingTests(PassBackend backend) : PassHostFixture(backend)
{
    private FakeMessagingService? _messaging;
    private DirectoryInfo _output = null!;

    [SetUp]
    public void CreateOutput() => _output = Directory.CreateTempSubdirectory("pass-demo-");

    [TearDown]
    public async Task StopMessaging()
    {
        _output.Delete(recursive: true);
        if (_messaging is not null)
        {
            await _messaging.DisposeAsync();
            _messaging = null;
        }
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        _messaging = FakeMessagingService.Start();
        return [KeyValuePair.Create<string, string?>(HttpNotificationSender.UrlKey, _messaging.Url)];
    }

    [Test]
    public async Task Pass_demo_with_a_messaging_service_configured_sends_each_notification_there_once_and_starts_no_stand_in()
    {
        await RunCompleted("pass-demo", "--members", "200", "--output", _output.FullName);

        var printed = Out.ToString();
        printed.Should().Contain($"Notifications go to the messaging service at {_messaging!.Url}").And.NotContain("stand-in");
        var sent = long.Parse(Regex.Match(printed, @"(?m)^  notifications sent: (\d+)$").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        sent.Should().BeGreaterThan(0);
        _messaging.Accepted.Should().HaveCount((int)sent).And.OnlyHaveUniqueItems(m => m.Key);
        File.Exists(Path.Combine(_output.FullName, PassDemo.MessagesFile)).Should().BeFalse();
        (await PassTestData.ReadAsync(Database)).Notifications.Should().HaveCount((int)sent).And.OnlyContain(n => n.Sent);
    }
}
