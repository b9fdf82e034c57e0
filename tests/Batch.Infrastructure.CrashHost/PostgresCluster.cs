using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Batch.Infrastructure.CrashHost;

/// <summary>
/// A PostgreSQL server for tests and measurements: the one whose connection string is in
/// <c>BATCH_TEST_POSTGRES</c> when that is set, otherwise a throw-away cluster made with initdb and
/// started with pg_ctl on a free loopback port in a temporary folder, removed by <see cref="DisposeAsync"/>.
/// Each user gets a database of its own (<see cref="CreateDatabaseAsync"/>).
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    public const string EnvironmentVariable = "BATCH_TEST_POSTGRES";
    private readonly string? _folder;
    private readonly string? _pgCtl;
    private readonly string? _settings;
    private int _databases;

    private PostgresCluster(string adminConnectionString, string? folder, string? pgCtl, string? settings = null)
    {
        AdminConnectionString = adminConnectionString;
        _folder = folder;
        _pgCtl = pgCtl;
        _settings = settings;
    }

    /// <summary>A connection string to the server's maintenance database, as a user who may create databases.</summary>
    public string AdminConnectionString { get; }

    /// <summary>Where the server came from, for messages.</summary>
    public string Description => _folder is null ? $"the server of {EnvironmentVariable}" : $"a throw-away cluster in {_folder}";

    /// <summary>Uses <c>BATCH_TEST_POSTGRES</c>, or starts a throw-away cluster.</summary>
    /// <param name="durable">Keep PostgreSQL's default durability (fsync on), for measurements; tests turn it off for speed.</param>
    /// <param name="own">Always a throw-away cluster of the caller's own, even when <c>BATCH_TEST_POSTGRES</c> is set (a test that stops the server).</param>
    public static async Task<PostgresCluster> StartAsync(bool durable = false, bool own = false)
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!own && !string.IsNullOrWhiteSpace(configured))
        {
            return new PostgresCluster(configured, null, null);
        }

        var initdb = FindTool("initdb");
        var pgCtl = FindTool("pg_ctl");
        var folder = Path.Combine(Path.GetTempPath(), "batch-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var asUser = Environment.UserName == "root" ? "postgres" : null;
        if (asUser is not null)
        {
            await RunAsync("chown", null, asUser, folder);
        }

        var data = Path.Combine(folder, "data");
        await RunAsync(initdb, asUser, "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync");
        var port = FreePort();
        var settings = $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=300";
        if (!durable)
        {
            settings += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        }

        await RunAsync(pgCtl, asUser, "-D", data, "-l", Path.Combine(folder, "server.log"), "-o", settings, "-w", "-t", "60", "start");
        var cluster = new PostgresCluster($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres", folder, pgCtl, settings);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
        return cluster;
    }

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{Sanitize(prefix)}_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid().ToString("N")[..6]}";
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing its connections.</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Stops the server as an operator would (<c>pg_ctl -m fast stop</c>: sessions are cut, new connections refused); a throw-away cluster only.</summary>
    public Task StopServerAsync() =>
        RunAsync(OwnPgCtl(), AsUser, "-D", Path.Combine(_folder!, "data"), "-m", "fast", "-w", "-t", "120", "stop");

    /// <summary>Starts the server again on the same port after <see cref="StopServerAsync"/>.</summary>
    public Task StartServerAsync() =>
        RunAsync(OwnPgCtl(), AsUser, "-D", Path.Combine(_folder!, "data"), "-l", Path.Combine(_folder!, "server.log"), "-o", _settings!, "-w", "-t", "120", "start");

    private static string? AsUser => Environment.UserName == "root" ? "postgres" : null;

    private string OwnPgCtl() =>
        _folder is not null && _pgCtl is not null && _settings is not null
            ? _pgCtl
            : throw new InvalidOperationException($"Only a throw-away cluster can be stopped and started; this is {Description}.");

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private void Stop()
    {
        if (_folder is null || !Directory.Exists(_folder))
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        var asUser = Environment.UserName == "root" ? "postgres" : null;
        try
        {
            RunAsync(_pgCtl!, asUser, "-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop").GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }

        Directory.Delete(_folder, recursive: true);
    }

    private static string Sanitize(string prefix) =>
        new([.. prefix.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').Take(30)]);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindTool(string name)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Concat(Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")) : []);
        return path.Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"PostgreSQL is needed but '{name}' was found neither on PATH nor in /usr/lib/postgresql/*/bin. Install PostgreSQL " +
                $"('apt-get install postgresql'; scripts/test.sh does it) or set {EnvironmentVariable} to the connection string of a server " +
                "where the user may create databases.");
    }

    /// <summary>Runs a tool (as <paramref name="asUser"/> through runuser when given: initdb refuses to run as root).</summary>
    private static async Task RunAsync(string tool, string? asUser, params string[] arguments)
    {
        var start = new ProcessStartInfo(asUser is null ? tool : "runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asUser is not null)
        {
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add(asUser);
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(tool);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{tool} {string.Join(' ', arguments)}' failed with exit code {process.ExitCode}: {await error}{await output}");
        }
    }
}
