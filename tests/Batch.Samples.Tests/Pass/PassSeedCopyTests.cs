using Batch.Hosting;
using Batch.Infrastructure.CrashHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Samples;
using Samples.Pass;

namespace Batch.Samples.Tests.Pass;

/// <summary>
/// The seed's fast path on PostgreSQL (binary COPY, ids reserved from the sequences) against the EF Core path it replaced: the same rows
/// with the same ids in every table, the sequences moved past them, and the data set's size option checked.
/// </summary>
public class PassSeedCopyTests
{
    private static readonly DateTime Anchor = PassDataSet.DefaultAnchor;
    private PostgresCluster _cluster = null!;
    private DirectoryInfo _folder = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _cluster = await PostgresCluster.StartAsync();
        _folder = Directory.CreateTempSubdirectory("pass-seed-");
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        await _cluster.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    [TestCase(300, PassDataSet.DefaultBookingsPerPass)]
    [TestCase(120, 30)]
    public async Task Seeding_with_binary_copy_writes_the_rows_and_ids_entity_framework_core_writes_on_postgres_and_sqlite(int members, int bookingsPerPass)
    {
        var throughEf = await PostgresAsync("seed_ef");
        var throughCopy = await PostgresAsync("seed_copy");
        var sqlite = Sqlite();

        await PassSeedCommand.SeedAsync(throughEf, members, Anchor, reset: false, bookingsPerPass, copy: false, CancellationToken.None);
        var copied = await PassSeedCommand.SeedAsync(throughCopy, members, Anchor, reset: false, bookingsPerPass, copy: true, CancellationToken.None);
        await PassSeedCommand.SeedAsync(sqlite, members, Anchor, reset: false, bookingsPerPass, copy: null, CancellationToken.None);

        var expected = await AllRowsAsync(throughEf);
        var actual = await AllRowsAsync(throughCopy);
        actual.Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
        (await AllRowsAsync(sqlite)).Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
        actual.Bookings.Select(b => b.Id).Should().Equal(Enumerable.Range(1, copied!.Bookings.Count).Select(i => (long)i), "a new table's ids start at 1");
        actual.Passes.Should().HaveCount(copied.Passes.Count);
        actual.Members.Should().HaveCount(members);
        (await SchemaAsync(throughCopy)).Should().Equal(await SchemaAsync(throughEf), "the foreign keys and indexes dropped for the load are made again");
    }

    [Test]
    public async Task Rows_inserted_after_a_copied_seed_get_the_ids_after_the_seeds_as_after_an_entity_framework_core_seed()
    {
        var throughEf = await PostgresAsync("seed_ef");
        var throughCopy = await PostgresAsync("seed_copy");
        await PassSeedCommand.SeedAsync(throughEf, 50, Anchor, reset: false, 4, copy: false, CancellationToken.None);
        await PassSeedCommand.SeedAsync(throughCopy, 50, Anchor, reset: false, 4, copy: true, CancellationToken.None);

        var afterEf = await InsertOneOfEachAsync(throughEf);
        var afterCopy = await InsertOneOfEachAsync(throughCopy);

        afterCopy.Should().Equal(afterEf);
        var rows = await AllRowsAsync(throughCopy);
        afterCopy.Should().Equal(rows.Packages.Count, rows.Groups.Count, rows.Members.Count, rows.BulkPasses.Count, rows.Passes.Count, rows.Bookings.Count);
    }

    [Test]
    public async Task Seeding_again_with_reset_after_a_copied_seed_gives_the_same_rows_with_the_same_ids()
    {
        var database = await PostgresAsync("seed_reset");
        await PassSeedCommand.SeedAsync(database, 80, Anchor, reset: false, 6, copy: true, CancellationToken.None);
        var first = await AllRowsAsync(database);

        await PassSeedCommand.SeedAsync(database, 80, Anchor, reset: true, 6, copy: true, CancellationToken.None);

        (await AllRowsAsync(database)).Should().BeEquivalentTo(first, o => o.WithStrictOrdering());
    }

    [TestCase("-1")]
    [TestCase("1001")]
    public async Task The_seed_command_refuses_a_bookings_per_pass_out_of_range_naming_the_option(string bookingsPerPass)
    {
        var connectionString = await _cluster.CreateDatabaseAsync("seed_option");
        using var host = SampleHost.Build(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Batch:Provider"] = "Postgres",
            ["Batch:ConnectionString"] = connectionString,
        }));
        await host.StartAsync();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await host.Services.GetRequiredService<BatchCommandLineRunner>().RunAsync(
            ["seed", "--members", "10", "--bookings-per-pass", bookingsPerPass], output, error, CancellationToken.None);
        await host.StopAsync();

        exit.Should().Be(BatchExitCodes.UsageError, output + error.ToString());
        error.ToString().Should().Contain($"--bookings-per-pass is {bookingsPerPass}");
        await using var db = host.Services.GetRequiredService<PassDatabase>().CreateContext();
        await db.Database.OpenConnectionAsync();
        (await PassSchema.ExistsAsync(db.Database.GetDbConnection(), null, postgres: true, CancellationToken.None)).Should().BeFalse("nothing is written");
    }

    private async Task<PassDatabase> PostgresAsync(string name) => Database("Postgres", await _cluster.CreateDatabaseAsync(name));

    private PassDatabase Sqlite() => Database("Sqlite", $"Data Source={Path.Combine(_folder.FullName, $"{Guid.NewGuid():N}.db")}");

    private static PassDatabase Database(string provider, string connectionString) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Provider"] = provider,
            ["ConnectionString"] = connectionString,
        }).Build());

    /// <summary>Adds one row to each table with an identity key, through EF Core; returns their ids.</summary>
    private static async Task<long[]> InsertOneOfEachAsync(PassDatabase database)
    {
        await using var db = database.CreateContext();
        var package = new Package { Name = "After", Sessions = 1, ValidDays = 1 };
        var group = new MemberGroup { Name = "After" };
        var member = new Member { Name = "After", Phone = "010-0000-0000", JoinedAt = Anchor };
        db.AddRange(package, group, member);
        await db.SaveChangesAsync();
        var bulkPass = new BulkPass { PackageId = package.Id, GroupId = group.Id, Status = BulkPassStatus.Ready, StartsAt = Anchor, EndsAt = Anchor.AddDays(1) };
        var pass = new MemberPass { PackageId = package.Id, MemberId = member.Id, Status = PassStatus.Active, StartsAt = Anchor, EndsAt = Anchor.AddDays(1) };
        db.AddRange(bulkPass, pass);
        await db.SaveChangesAsync();
        var booking = new Booking { PassId = pass.Id, MemberId = member.Id, Status = BookingStatus.Ready, ClassStartsAt = Anchor, ClassEndsAt = Anchor.AddHours(1) };
        db.Add(booking);
        await db.SaveChangesAsync();
        return [package.Id, group.Id, member.Id, bulkPass.Id, pass.Id, booking.Id];
    }

    /// <summary>The pass tables' constraints and indexes, as PostgreSQL defines them.</summary>
    private static async Task<List<string>> SchemaAsync(PassDatabase database)
    {
        await using var db = database.CreateContext();
        return await db.Database.SqlQueryRaw<string>(
            """
            SELECT format('%s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid)) AS "Value" FROM pg_constraint WHERE conrelid::regclass::text LIKE 'pass%'
            UNION ALL
            SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid::regclass::text LIKE 'pass%'
            ORDER BY 1
            """).ToListAsync();
    }

    private static async Task<AllRows> AllRowsAsync(PassDatabase database)
    {
        await using var db = database.CreateContext();
        return new AllRows(
            await db.Packages.AsNoTracking().OrderBy(p => p.Id).ToListAsync(),
            await db.Groups.AsNoTracking().OrderBy(g => g.Id).ToListAsync(),
            await db.Members.AsNoTracking().OrderBy(m => m.Id).ToListAsync(),
            await db.GroupMembers.AsNoTracking().OrderBy(g => g.GroupId).ThenBy(g => g.MemberId).ToListAsync(),
            await db.BulkPasses.AsNoTracking().OrderBy(b => b.Id).ToListAsync(),
            await db.Passes.AsNoTracking().OrderBy(p => p.Id).ToListAsync(),
            await db.Bookings.AsNoTracking().OrderBy(b => b.Id).ToListAsync());
    }

    /// <summary>Every row of the seeded tables, in key order.</summary>
    private sealed record AllRows(
        List<Package> Packages, List<MemberGroup> Groups, List<Member> Members, List<GroupMember> Memberships,
        List<BulkPass> BulkPasses, List<MemberPass> Passes, List<Booking> Bookings);
}
