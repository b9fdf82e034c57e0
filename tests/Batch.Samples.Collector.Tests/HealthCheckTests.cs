using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Npgsql;

namespace Batch.Samples.Collector.Tests;

/// <summary><c>healthcheck</c>: the first reachable candidate of each kind goes into datalake.json; with a kind dead, the file is left as it was.</summary>
public sealed class HealthCheckTests : CollectorFolderFixture
{
    private static readonly JsonSerializerOptions SampleOptions = new() { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    private string _rules = null!;
    private string _target = null!;
    private TcpListener _proxy = null!;

    [SetUp]
    public async Task CreateServers()
    {
        _rules = await CollectorCluster.Instance.CreateDatabaseAsync("hc_rules");
        _target = await CollectorCluster.Instance.CreateDatabaseAsync("hc_dw");
        _proxy = new TcpListener(IPAddress.Loopback, 0);
        _proxy.Start();
    }

    [TearDown]
    public void StopProxy() => _proxy.Dispose();

    private static string DeadConnectionString() => $"Host=127.0.0.1;Port={FreePort()};Username=postgres;Database=nothing";

    private static string MissingDatabase(string existing) => new NpgsqlConnectionStringBuilder(existing) { Database = "no_such_database_here" }.ConnectionString;

    private string ProxyUrl => $"http://127.0.0.1:{((IPEndPoint)_proxy.LocalEndpoint).Port}";

    private void WriteHealthCheck(string[] repository, string[] namenode, string[] hive, string[] proxy) =>
        WriteFile("cfg/healthcheck.json", JsonSerializer.Serialize(new
        {
            connectTimeoutSeconds = 5,
            threads = 3,
            repository = repository.Select(r => new { provider = "postgres", connectionString = r }),
            namenode,
            hive,
            proxy,
        }));

    [Test]
    public async Task A_dead_first_candidate_of_each_kind_is_passed_over_for_the_second()
    {
        Directory.CreateDirectory(Path.Combine(BaseDirectory, "lake2"));
        WriteHealthCheck([DeadConnectionString(), _rules], ["lake-not-mounted", "lake2"], [MissingDatabase(_target), _target], [$"http://127.0.0.1:{FreePort()}", ProxyUrl]);

        (await Run("healthcheck")).Should().Be(0, Err);

        using var datalake = JsonDocument.Parse(ReadFile("cfg/datalake.json"));
        var root = datalake.RootElement;
        root.GetProperty("repository").GetProperty("connectionString").GetString().Should().Be(_rules);
        root.GetProperty("namenode").GetString().Should().Be("lake2");
        root.GetProperty("hive").GetString().Should().Be(_target);
        root.GetProperty("proxy").GetString().Should().Be(ProxyUrl);
        root.GetProperty("threads").GetInt32().Should().Be(3);
        Out.Should().Contain("repository[0]").And.Contain("unreachable").And.Contain("hive[0]").And.Contain("does not exist");
    }

    [Test]
    public async Task With_no_live_candidate_of_a_kind_it_exits_non_zero_and_leaves_the_previous_datalake_json_untouched()
    {
        const string previous = "{ \"repository\": { \"provider\": \"postgres\", \"connectionString\": \"Host=old\" }, \"namenode\": \"lake\", \"hive\": \"Host=old\", \"threads\": 2 }";
        WriteFile("cfg/datalake.json", previous);
        WriteHealthCheck([_rules], ["lake"], [DeadConnectionString(), MissingDatabase(_target)], []);

        (await Run("healthcheck")).Should().Be(1);

        ReadFile("cfg/datalake.json").Should().Be(previous);
        Err.Should().Contain("no reachable server for hive").And.Contain("left unchanged");
    }

    [Test]
    public async Task A_proxy_list_with_no_live_proxy_fails_the_check_but_no_proxy_list_means_none_is_needed()
    {
        WriteHealthCheck([_rules], ["lake"], [_target], [$"http://127.0.0.1:{FreePort()}"]);
        (await Run("healthcheck")).Should().Be(1);
        File.Exists(Path.Combine(BaseDirectory, "cfg/datalake.json")).Should().BeFalse();
        Err.Should().Contain("proxy");

        WriteHealthCheck([_rules], ["lake"], [_target], []);
        (await Run("healthcheck")).Should().Be(0, Err);
        using var datalake = JsonDocument.Parse(ReadFile("cfg/datalake.json"));
        datalake.RootElement.TryGetProperty("proxy", out _).Should().BeFalse();
    }

    [Test]
    public async Task A_lake_root_outside_the_base_directory_is_refused_naming_it()
    {
        WriteHealthCheck([_rules], ["../elsewhere"], [_target], []);

        (await Run("healthcheck")).Should().Be(2);

        Err.Should().Contain("namenode[0]").And.Contain("../elsewhere").And.Contain("outside the collector's base directory");
        File.Exists(Path.Combine(BaseDirectory, "cfg/datalake.json")).Should().BeFalse();
    }

    [Test]
    public async Task A_missing_healthcheck_json_says_to_copy_the_sample()
    {
        (await Run("healthcheck")).Should().Be(2);

        Err.Should().Contain("healthcheck.json does not exist").And.Contain("healthcheck.sample.json");
    }

    [Test]
    public void The_sample_configuration_ships_beside_the_collector_and_is_valid()
    {
        var sample = Path.Combine(AppContext.BaseDirectory, "cfg", "healthcheck.sample.json");
        File.Exists(sample).Should().BeTrue();
        var settings = JsonSerializer.Deserialize<global::Samples.Collector.Configuration.HealthCheckSettings>(
            File.ReadAllText(sample), SampleOptions)!;
        settings.Validate();
        settings.Repository.Should().HaveCount(2);
        settings.Hive.Should().HaveCount(2);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
