using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Batch.Exceptions;
using Batch.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Samples.Pass;

/// <summary>
/// <c>seed [--members n] [--bookings-per-pass n] [--anchor time] [--reset]</c>: fills the pass tables with <see cref="PassDataSet"/> in
/// one transaction, creating them when missing. A database that already holds members is refused (exit 4) unless <c>--reset</c>, which
/// drops the pass tables and fills them again, with the same ids. On PostgreSQL the rows go in with binary COPY
/// (<see cref="PassTableCopy"/>: a million bookings in seconds), on SQLite through EF Core; the rows are the same.
/// </summary>
internal sealed class PassSeedCommand : IBatchCommand
{
    private const int MaxMembers = 10_000_000;
    private const int SaveEvery = 5_000;

    public Command CreateCommand(BatchCommandContext context)
    {
        var members = new Option<int>("--members") { Description = "How many members (1 to 10,000,000); passes and bookings follow, about 2 and 3 per member.", DefaultValueFactory = _ => 1000 };
        var anchor = new Option<string>("--anchor")
        {
            Description = "The time the data set is built around, ISO 8601 (default 2026-12-01T00:00:00Z): give the jobs now:datetime= near it.",
            DefaultValueFactory = _ => PassDataSet.DefaultAnchor.ToString("O", CultureInfo.InvariantCulture),
        };
        var bookings = new Option<int>("--bookings-per-pass")
        {
            Description = $"The most bookings of a pass still in use: each gets 0 to n, evenly (0 to {PassDataSet.MaxBookingsPerPass:N0}; " +
                $"default {PassDataSet.DefaultBookingsPerPass}, about 3 bookings per member; 30 gives about 21).",
            DefaultValueFactory = _ => PassDataSet.DefaultBookingsPerPass,
        };
        var reset = new Option<bool>("--reset") { Description = "Drop the pass tables and fill them again." };
        var command = new Command("seed", "Fills the pass sample's tables with a deterministic data set (members, groups, packages, passes, bulk passes, bookings).")
        {
            members, bookings, anchor, reset,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var count = result.GetValue(members);
            if (count is < 1 or > MaxMembers)
            {
                throw new JobParametersInvalidException($"--members is {count}; give a number from 1 to {MaxMembers:N0}.");
            }

            var perPass = result.GetValue(bookings);
            if (perPass is < 0 or > PassDataSet.MaxBookingsPerPass)
            {
                throw new JobParametersInvalidException($"--bookings-per-pass is {perPass}; give a number from 0 to {PassDataSet.MaxBookingsPerPass:N0}.");
            }

            if (!DateTimeOffset.TryParse(result.GetValue(anchor), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                throw new JobParametersInvalidException($"--anchor is '{result.GetValue(anchor)}', which is not a time: write it in ISO 8601, for example 2026-12-01T00:00:00Z.");
            }

            var database = context.Services.GetRequiredService<PassDatabase>();
            var seeded = await SeedAsync(database, count, at.UtcDateTime, result.GetValue(reset), perPass, copy: null, cancellationToken);
            if (seeded is null)
            {
                await context.Error.WriteLineAsync("The pass tables already hold members: run 'seed --reset' to drop them and seed again, or use them as they are.");
                return BatchExitCodes.Refused;
            }

            var set = seeded;
            if (context.WantsJson(result))
            {
                await context.Output.WriteLineAsync(new JsonObject
                {
                    ["members"] = set.Members.Count,
                    ["groups"] = set.Groups.Count,
                    ["packages"] = set.Packages.Count,
                    ["passes"] = set.Passes.Count,
                    ["bulkPasses"] = set.BulkPasses.Count,
                    ["bookings"] = set.Bookings.Count,
                    ["anchor"] = at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                }.ToJsonString());
            }
            else
            {
                await context.Output.WriteLineAsync(
                    $"Seeded {set.Members.Count} members, {set.Groups.Count} groups, {set.Packages.Count} packages, {set.Passes.Count} passes, " +
                    $"{set.BulkPasses.Count} bulk passes and {set.Bookings.Count} bookings around {at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}.");
            }

            return BatchExitCodes.Completed;
        });
        return command;
    }

    /// <summary>Seeds the tables; null when they already hold members and <paramref name="reset"/> is false.</summary>
    /// <param name="database">The pass tables' database.</param>
    /// <param name="members">How many members.</param>
    /// <param name="anchor">The time the data set is built around.</param>
    /// <param name="reset">Drop the tables first.</param>
    /// <param name="bookingsPerPass">The most bookings of a pass still in use.</param>
    /// <param name="copy">Insert with binary COPY (PostgreSQL only) rather than EF Core; null: COPY on PostgreSQL. The rows and ids are the same.</param>
    /// <param name="cancellationToken">Cancels the seed (nothing is kept: one transaction).</param>
    internal static async Task<PassDataSet?> SeedAsync(
        PassDatabase database, int members, DateTime anchor, bool reset, int bookingsPerPass, bool? copy, CancellationToken cancellationToken)
    {
        if (copy == true && !database.IsPostgres)
        {
            throw new ArgumentException("Binary COPY is PostgreSQL's; seed SQLite through EF Core.", nameof(copy));
        }

        await using var db = database.CreateContext();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        var dbTransaction = transaction.GetDbTransaction();
        if (reset)
        {
            await PassSchema.DropAsync(connection, dbTransaction, cancellationToken);
        }

        if (!await PassSchema.EnsureCreatedAsync(db, connection, dbTransaction, database.IsPostgres, cancellationToken)
            && await db.Members.AnyAsync(cancellationToken))
        {
            return null;
        }

        var copying = (copy ?? database.IsPostgres) ? (NpgsqlConnection)connection : null;
        var set = PassDataSet.Create(members, anchor, bookingsPerPass);
        await InsertAsync(db, copying, set.Packages, (p, id) => p.Id = id, cancellationToken);
        await InsertAsync(db, copying, set.Groups, (g, id) => g.Id = id, cancellationToken);
        await InsertAsync(db, copying, set.Members, (m, id) => m.Id = id, cancellationToken);
        await InsertAsync(db, copying, [.. set.Memberships.Select(m => new GroupMember { GroupId = set.Groups[m.Group].Id, MemberId = set.Members[m.Member].Id })], null, cancellationToken);
        foreach (var (bulkPass, package, group) in set.BulkPasses)
        {
            bulkPass.PackageId = set.Packages[package].Id;
            bulkPass.GroupId = set.Groups[group].Id;
        }

        await InsertAsync(db, copying, [.. set.BulkPasses.Select(b => b.BulkPass)], (b, id) => b.Id = id, cancellationToken);
        foreach (var (pass, package, member, bulkPass) in set.Passes)
        {
            pass.PackageId = set.Packages[package].Id;
            pass.MemberId = set.Members[member].Id;
            pass.BulkPassId = bulkPass < 0 ? null : set.BulkPasses[bulkPass].BulkPass.Id;
        }

        await InsertAsync(db, copying, [.. set.Passes.Select(p => p.Pass)], (p, id) => p.Id = id, cancellationToken);
        foreach (var (booking, pass) in set.Bookings)
        {
            booking.PassId = set.Passes[pass].Pass.Id;
            booking.MemberId = set.Passes[pass].Pass.MemberId;
        }

        await InsertAsync(db, copying, [.. set.Bookings.Select(b => b.Booking)], (b, id) => b.Id = id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return set;
    }

    /// <summary>Inserts the rows in order: with binary COPY when a PostgreSQL connection is given, else through EF Core; either way their ids end up on the objects.</summary>
    private static Task InsertAsync<T>(PassDbContext db, NpgsqlConnection? copying, IReadOnlyList<T> rows, Action<T, long>? setId, CancellationToken cancellationToken)
        where T : class =>
        copying is null ? SaveAllAsync(db, rows, cancellationToken) : PassTableCopy.CopyAsync(db, copying, rows, setId, cancellationToken);

    /// <summary>Inserts in order, a few thousand rows per SaveChanges, the tracker cleared after each (the ids stay on the objects).</summary>
    private static async Task SaveAllAsync<T>(PassDbContext db, IEnumerable<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        var pending = 0;
        foreach (var row in rows)
        {
            db.Add(row);
            if (++pending == SaveEvery)
            {
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
                pending = 0;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }
}
