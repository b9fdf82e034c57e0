using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Batch.Hosting;
using Batch.Jobs;
using Batch.Launch;
using Batch.Steps;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Samples.Pass;

namespace Batch.Benchmarks.Workloads;

/// <summary>
/// Workload — the pass sample's five jobs (seed 003) on PostgreSQL with 1M bookings and 100k passes, each against the same change done
/// as one hand-written SQL statement (seed 002's "can it be one INSERT … SELECT?"). The data set is seeded once with the sample's own
/// <c>seed</c> command (binary COPY), analyzed, and used as a template: every job, and every statement, runs on a fresh copy of it
/// (<c>CREATE DATABASE … TEMPLATE</c>), through the sample's public API (<c>AddPassSample</c> on a host, <c>IJobOperator.StartAsync</c> with
/// the job's parameters). Both copies are checked identical before (a checksum that also warms their pages) and must agree after
/// (the same rows, the items the job counted equal to those the data holds), so the comparison is of the same change. Rows per second
/// are the job's items (passes expired, passes issued, notifications collected, bookings used, bookings aggregated) over the job's
/// time, launch included, or over its collect steps for notify-before-class; its send step (HTTP to a loopback server that accepts
/// everything; the step keeps up to 16 requests in flight, Threads(4) × ProcessConcurrently(4)) is reported against a hand-written
/// HttpClient loop with as many tasks that posts the same requests and marks them sent in one UPDATE. All five jobs run once untimed on a small data set first (JIT, EF Core's query cache). <c>BATCH_BENCH_PASS_SCALE</c>
/// shrinks or grows the data set (0.1: 100k bookings), <c>BATCH_BENCH_PASS_RUNS</c> sets the runs per job (median; default 1: a run of
/// make-statistics alone takes a minute at the documented size).
/// </summary>
internal sealed class PassJobsWorkload(Databases databases) : IWorkload
{
    /// <summary>Members of the documented size: about 2.1 passes per member gives 100k passes.</summary>
    public const int Members = 48_000;

    /// <summary>The most bookings of a pass still in use: about 21 bookings per member gives 1M bookings.</summary>
    public const int BookingsPerPass = 30;

    private const string ScaleVariable = "BATCH_BENCH_PASS_SCALE";
    private const string RunsVariable = "BATCH_BENCH_PASS_RUNS";
    private const string SchemaJob = "pass-bench-schema";
    private const int SendTasks = 16;   // as many requests in flight as the send step's Threads(4) × ProcessConcurrently(4)

    public string Name => "pass jobs";

    public async Task<IReadOnlyList<WorkloadResult>> RunAsync(BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        var size = settings.Scale * ReadDouble(ScaleVariable, 1.0);
        var members = Math.Max(50, (int)(Members * size));
        var runs = (int)ReadDouble(RunsVariable, 1);
        var reports = Path.Combine(settings.WorkDirectory, "pass-reports");
        var cases = PassJobCase.All(reports);
        await using var messaging = await LoopbackMessaging.StartAsync(cancellationToken);

        var warm = await SeedAsync("pass_warm", Math.Min(members, 300), messaging.Url, cancellationToken);
        foreach (var job in cases)
        {
            await RunCaseAsync(warm.ConnectionString, job, run: 0, messaging, cancellationToken);
        }

        await DropAsync(warm.ConnectionString, cancellationToken);
        var seeded = await SeedAsync("pass_seed", members, messaging.Url, cancellationToken);
        var rows = new List<WorkloadResult>
        {
            WorkloadResult.Info(
                string.Create(CultureInfo.InvariantCulture,
                    $"pass jobs: seed of {seeded.Bookings:N0} bookings, {seeded.Passes:N0} passes, {members:N0} members on PostgreSQL (the sample's seed command, binary COPY)"),
                "rows/s", seeded.Rows / seeded.Seconds, null, "reported (higher is better)", null,
                string.Create(CultureInfo.InvariantCulture, $"{seeded.Rows:N0} rows in {seeded.Seconds:0.00} s, one transaction; then VACUUM ANALYZE of the seeded tables, used as the template of every copy")),
        };
        var size1M = string.Create(CultureInfo.InvariantCulture, $"{seeded.Bookings:N0} bookings, {seeded.Passes:N0} passes");
        foreach (var job in cases)
        {
            var measured = new List<CaseRun>();
            for (var run = 1; run <= runs; run++)
            {
                measured.Add(await RunCaseAsync(seeded.ConnectionString, job, run, messaging, cancellationToken));
            }

            rows.AddRange(Rows(job, measured, size1M));
        }

        await DropAsync(seeded.ConnectionString, cancellationToken);
        return rows;
    }

    private static IEnumerable<WorkloadResult> Rows(PassJobCase job, List<CaseRun> runs, string size)
    {
        var items = runs[0].Items;
        var jobSeconds = Measure.Median(runs.Select(r => r.JobSeconds));
        var sqlSeconds = Measure.Median(runs.Select(r => r.SqlSeconds));
        var wholeJob = Measure.Median(runs.Select(r => r.WholeJobSeconds));
        var timed = job.Steps.Length == 0 ? "the whole job, launch included" : $"its steps {string.Join(" + ", job.Steps)}";
        yield return WorkloadResult.Info(
            string.Create(CultureInfo.InvariantCulture, $"pass jobs: {job.Job}, {items:N0} {job.Items} ({size}), PostgreSQL, vs the same change as one SQL statement"),
            "rows/s", PerSecond(items, jobSeconds), PerSecond(items, sqlSeconds), "reported (higher is better; baseline = one hand-written statement)", null,
            string.Create(CultureInfo.InvariantCulture,
                $"median of {runs.Count}, each on a fresh copy: {jobSeconds:0.000} s ({timed}) vs {sqlSeconds:0.000} s; whole job {wholeJob:0.000} s; " +
                $"{runs[0].Commits:N0} commits ({jobSeconds * 1000 / Math.Max(1, runs[0].Commits):0.0} ms each); steps {runs[0].StepTimes}; " +
                $"same rows after both (checksum), statement row count {runs[0].SqlRows:N0}"));
        if (runs[0].Sent > 0)
        {
            var send = Measure.Median(runs.Select(r => r.SendSeconds));
            var loop = Measure.Median(runs.Select(r => r.SendLoopSeconds));
            yield return WorkloadResult.Info(
                string.Create(CultureInfo.InvariantCulture,
                    $"pass jobs: notify-before-class send step, {runs[0].Sent:N0} notifications over HTTP to a loopback server, Threads(4) × ProcessConcurrently(4), vs a hand-written {SendTasks}-task HttpClient loop"),
                "rows/s", PerSecond(runs[0].Sent, send), PerSecond(runs[0].Sent, loop), "reported (higher is better; sending has no SQL equivalent)", null,
                string.Create(CultureInfo.InvariantCulture,
                    $"median of {runs.Count}: {send:0.000} s vs {loop:0.000} s; the server counted every request once on both sides; the loop reads the unsent rows, posts them and marks them sent in one UPDATE"));
        }
    }

    private static double PerSecond(long items, double seconds) => seconds > 0 ? items / seconds : 0;

    /// <summary>Runs the job on one fresh copy of the data and the statement on another; checks both changed the same rows.</summary>
    private async Task<CaseRun> RunCaseAsync(string template, PassJobCase job, int run, LoopbackMessaging messaging, CancellationToken cancellationToken)
    {
        var jobDatabase = await CopyAsync(template, cancellationToken);
        var sqlDatabase = await CopyAsync(template, cancellationToken);
        try
        {
            var candidates = await ScalarAsync<long>(sqlDatabase, job.CandidatesSql, cancellationToken);
            var before = await ScalarAsync<string>(jobDatabase, job.ChecksumSql, cancellationToken);
            if (before != await ScalarAsync<string>(sqlDatabase, job.ChecksumSql, cancellationToken))
            {
                throw new InvalidOperationException($"The two copies of the pass data differ before {job.Job} ran.");
            }

            JobResult ran = default;
            (long Rows, double Seconds) sql = default;
            // Alternate which side goes first, so neither always finds the server fresher.
            if (run % 2 == 0)
            {
                ran = await RunJobAsync(jobDatabase, job, messaging, cancellationToken);
                sql = await RunStatementAsync(sqlDatabase, job.ChangeSql, cancellationToken);
            }
            else
            {
                sql = await RunStatementAsync(sqlDatabase, job.ChangeSql, cancellationToken);
                ran = await RunJobAsync(jobDatabase, job, messaging, cancellationToken);
            }

            if (ran.Items != candidates)
            {
                throw new InvalidOperationException($"{job.Job} processed {ran.Items} {job.Items}; the data held {candidates}.");
            }

            var afterJob = await ScalarAsync<string>(jobDatabase, job.ChecksumSql, cancellationToken);
            var afterSql = await ScalarAsync<string>(sqlDatabase, job.ChecksumSql, cancellationToken);
            if (afterJob != afterSql || (candidates > 0 && afterJob == before))
            {
                throw new InvalidOperationException($"{job.Job} and its SQL statement left different rows (checksums {afterJob} and {afterSql}; before {before}).");
            }

            var loopSeconds = 0.0;
            if (ran.Sent > 0)
            {
                loopSeconds = await SendByHandAsync(sqlDatabase, messaging, ran.Sent, cancellationToken);
                const string sent = "SELECT md5(string_agg(concat_ws(':', id, sent, sent_at), ',' ORDER BY id)) FROM pass_notification";
                if (await ScalarAsync<string>(jobDatabase, sent, cancellationToken) != await ScalarAsync<string>(sqlDatabase, sent, cancellationToken))
                {
                    throw new InvalidOperationException("The send step and the hand-written loop left different notifications sent.");
                }
            }

            if (job.Job == "make-statistics")
            {
                await CheckReportAsync(job, sqlDatabase, cancellationToken);
            }

            return new CaseRun(ran.Items, ran.Seconds, ran.WholeSeconds, sql.Seconds, sql.Rows, ran.StepTimes, ran.Commits, ran.Sent, ran.SendSeconds, loopSeconds);
        }
        finally
        {
            await DropAsync(jobDatabase, cancellationToken);
            await DropAsync(sqlDatabase, cancellationToken);
        }
    }

    private static async Task<JobResult> RunJobAsync(string connectionString, PassJobCase job, LoopbackMessaging messaging, CancellationToken cancellationToken)
    {
        using var host = BuildHost(connectionString, messaging.Url);
        await host.StartAsync(cancellationToken);
        try
        {
            var received = messaging.Received;
            var clock = Stopwatch.StartNew();
            var execution = await host.Services.GetRequiredService<IJobOperator>().StartAsync(job.Job, job.Parameters, cancellationToken);
            var whole = clock.Elapsed.TotalSeconds;
            if (execution.Status != BatchStatus.Completed)
            {
                throw new InvalidOperationException(
                    $"{job.Job} ended {execution.Status}: {string.Join("; ", execution.FailureExceptions.Concat(execution.StepExecutions.SelectMany(s => s.FailureExceptions)).Select(e => e.Message))}");
            }

            var steps = execution.StepExecutions;
            double Seconds(StepExecution s) => (s.EndTime!.Value - s.StartTime!.Value).TotalSeconds;
            var timed = job.Steps.Length == 0 ? whole : steps.Where(s => job.Steps.Contains(s.StepName)).Sum(Seconds);
            var commits = steps.Where(s => job.Steps.Length == 0 || job.Steps.Contains(s.StepName)).Sum(s => s.CommitCount);
            var stepTimes = string.Join(", ", steps.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.StepName} {Seconds(s):0.000} s")));
            var send = steps.FirstOrDefault(s => s.StepName == "send");
            var sent = send?.WriteCount ?? 0;
            if (send is not null && messaging.Received - received != sent)
            {
                throw new InvalidOperationException($"The send step marked {sent} notifications sent; the server received {messaging.Received - received}.");
            }

            return new JobResult(job.ItemsOf(execution), timed, whole, stepTimes, commits, sent, send is null ? 0 : Seconds(send));
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<(long Rows, double Seconds)> RunStatementAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = Command(connection, sql);
        command.Transaction = transaction;
        var rows = await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (rows, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The send step by hand: read the unsent notifications, post each as HttpNotificationSender does with a few tasks, mark them sent in one UPDATE.</summary>
    private static async Task<double> SendByHandAsync(string connectionString, LoopbackMessaging messaging, long expected, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        var endpoint = new Uri(messaging.Url);
        var received = messaging.Received;
        var clock = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var unsent = new List<(long Id, string Phone, string Text)>();
        await using (var read = new NpgsqlCommand("SELECT id, phone, text FROM pass_notification WHERE NOT sent ORDER BY id", connection))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                unsent.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, SendTasks).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < unsent.Count; i = Interlocked.Increment(ref next))
            {
                var (id, phone, text) = unsent[i];
                using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = JsonContent.Create(new { id, to = phone, text }) };
                request.Headers.Add("Idempotency-Key", "notification-" + id.ToString(CultureInfo.InvariantCulture));
                using var response = await http.SendAsync(request, cancellationToken);
                response.EnsureSuccessStatusCode();
            }
        }));
        await using (var mark = Command(connection, "UPDATE pass_notification SET sent = true, sent_at = @now WHERE NOT sent"))
        {
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        if (unsent.Count != expected || messaging.Received - received != expected)
        {
            throw new InvalidOperationException($"The hand-written send loop sent {unsent.Count} notifications ({messaging.Received - received} received); the job sent {expected}.");
        }

        return seconds;
    }

    /// <summary>The daily report's total line holds the totals of the statistics the statement made.</summary>
    private static async Task CheckReportAsync(PassJobCase job, string sqlDatabase, CancellationToken cancellationToken)
    {
        var folder = JobParametersParser.Parse(job.Parameters).GetString("output");
        var file = Path.Combine(folder, $"statistics-daily-{PassJobCase.From:yyyyMMdd}-{PassJobCase.To:yyyyMMdd}.csv");
        var total = (await File.ReadAllLinesAsync(file, cancellationToken))[^1];
        var expected = await ScalarAsync<string>(sqlDatabase, "SELECT concat_ws(',', 'total', sum(all_count), sum(attended_count), sum(cancelled_count)) FROM pass_statistic", cancellationToken);
        if (total != expected)
        {
            throw new InvalidOperationException($"The daily report's last line is '{total}'; the statistics add up to '{expected}'.");
        }
    }

    /// <summary>Seeds a new database with the sample's seed command, makes the job repository's schema there (a no-op job), and analyzes it.</summary>
    private async Task<Seeded> SeedAsync(string name, int members, string messagingUrl, CancellationToken cancellationToken)
    {
        var connectionString = await databases.NewPostgresAsync(name);
        double seconds;
        using (var host = BuildHost(connectionString, messagingUrl))
        {
            await host.StartAsync(cancellationToken);
            using var output = new StringWriter();
            using var error = new StringWriter();
            var clock = Stopwatch.StartNew();
            var exit = await host.Services.GetRequiredService<BatchCommandLineRunner>().RunAsync(
                ["seed", "--members", members.ToString(CultureInfo.InvariantCulture), "--bookings-per-pass", BookingsPerPass.ToString(CultureInfo.InvariantCulture)],
                output, error, cancellationToken);
            seconds = clock.Elapsed.TotalSeconds;
            if (exit != BatchExitCodes.Completed)
            {
                throw new InvalidOperationException($"seed exited {exit}: {output}{error}");
            }

            var schema = await host.Services.GetRequiredService<IJobOperator>().StartAsync(SchemaJob, string.Empty, cancellationToken);
            if (schema.Status != BatchStatus.Completed)
            {
                throw new InvalidOperationException($"The schema job ended {schema.Status}.");
            }

            await host.StopAsync(cancellationToken);
        }

        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(cancellationToken);
            // The seeded tables only, as autovacuum would: pass_notification and pass_statistic stay as in a new database, never analyzed.
            // Until autovacuum analyzes pass_notification during collect (when, varies from run to run), its reader's NOT EXISTS is planned
            // as a scan of every notification so far per page (160 ms a page half-way, against 1 ms once the statistics know the rows).
            await using var analyze = new NpgsqlCommand(
                "VACUUM ANALYZE pass_member, pass_member_group, pass_group_member, pass_package, pass_bulk_pass, pass_pass, pass_booking", connection);
            analyze.CommandTimeout = 600;
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }

        var passes = await ScalarAsync<long>(connectionString, "SELECT count(*) FROM pass_pass", cancellationToken);
        var bookings = await ScalarAsync<long>(connectionString, "SELECT count(*) FROM pass_booking", cancellationToken);
        var rows = await ScalarAsync<long>(connectionString,
            "SELECT (SELECT count(*) FROM pass_member) + (SELECT count(*) FROM pass_group_member) + (SELECT count(*) FROM pass_package) " +
            "+ (SELECT count(*) FROM pass_member_group) + (SELECT count(*) FROM pass_bulk_pass) + (SELECT count(*) FROM pass_pass) + (SELECT count(*) FROM pass_booking)",
            cancellationToken);
        NpgsqlConnection.ClearAllPools();
        return new Seeded(connectionString, passes, bookings, rows, seconds);
    }

    private static IHost BuildHost(string connectionString, string messagingUrl)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Batch:Provider"] = "Postgres",
            ["Batch:ConnectionString"] = connectionString,
            [HttpNotificationSender.UrlKey] = messagingUrl,
        });
        var section = builder.Configuration.GetSection("Batch");
        builder.Services.AddBatch(batch => batch
            .UseConfiguredRepository(section)
            .AddPassSample(section)
            .AddJob(new JobBuilder(SchemaJob).Start(new StepBuilder("nothing").Tasklet((_, _) => ValueTask.FromResult(RepeatStatus.Finished)).Build()).Build()));
        return builder.Build();
    }

    /// <summary>A copy of the template database: its pages, statistics and visibility map as they are.</summary>
    private static async Task<string> CopyAsync(string template, CancellationToken cancellationToken)
    {
        var source = new NpgsqlConnectionStringBuilder(template);
        var name = $"{source.Database}_copy_{Guid.NewGuid():N}"[..Math.Min(63, source.Database!.Length + 18)];
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(template) { Database = "postgres" }.ConnectionString))
        {
            await admin.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE \"{source.Database}\"", admin);
            create.CommandTimeout = 600;
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(template) { Database = name }.ConnectionString;
    }

    private static async Task DropAsync(string connectionString, CancellationToken cancellationToken)
    {
        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString);
        await admin.OpenAsync(cancellationToken);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = Command(connection, sql);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull or null ? default! : (T)value;
    }

    /// <summary>A command with the statement parameters it names.</summary>
    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql)
    {
        var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        foreach (var (name, value) in PassJobCase.SqlParameters)
        {
            if (sql.Contains("@" + name, StringComparison.Ordinal))
            {
                command.Parameters.AddWithValue(name, value);
            }
        }

        return command;
    }

    private static double ReadDouble(string variable, double defaultValue) =>
        double.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : defaultValue;

    private sealed record Seeded(string ConnectionString, long Passes, long Bookings, long Rows, double Seconds);

    private readonly record struct JobResult(long Items, double Seconds, double WholeSeconds, string StepTimes, long Commits, long Sent, double SendSeconds);

    private sealed record CaseRun(
        long Items, double JobSeconds, double WholeJobSeconds, double SqlSeconds, long SqlRows, string StepTimes, long Commits, long Sent, double SendSeconds,
        double SendLoopSeconds);
}
