using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Samples.Pass;

/// <summary>
/// The pass sample's tables, one model for PostgreSQL and SQLite. They live in the job repository's database, so a chunk writer's
/// changes commit with the chunk's checkpoint. Statuses are stored as upper-case text (<c>ACTIVE</c>, <c>READY</c>, ...), times as UTC.
/// </summary>
public sealed class PassDbContext : DbContext
{
    /// <summary>Creates the context.</summary>
    /// <param name="options">Options for SQLite or PostgreSQL (see <see cref="PassDatabase"/>).</param>
    public PassDbContext(DbContextOptions<PassDbContext> options)
        : base(options)
    {
    }

    /// <summary>The members.</summary>
    public DbSet<Member> Members => Set<Member>();

    /// <summary>The groups.</summary>
    public DbSet<MemberGroup> Groups => Set<MemberGroup>();

    /// <summary>Who is in which group.</summary>
    public DbSet<GroupMember> GroupMembers => Set<GroupMember>();

    /// <summary>The packages the club sells.</summary>
    public DbSet<Package> Packages => Set<Package>();

    /// <summary>The members' passes.</summary>
    public DbSet<MemberPass> Passes => Set<MemberPass>();

    /// <summary>The bulk passes registered by an admin.</summary>
    public DbSet<BulkPass> BulkPasses => Set<BulkPass>();

    /// <summary>The class bookings.</summary>
    public DbSet<Booking> Bookings => Set<Booking>();

    /// <summary>The notifications.</summary>
    public DbSet<Notification> Notifications => Set<Notification>();

    /// <summary>The hourly statistics.</summary>
    public DbSet<HourlyStatistic> Statistics => Set<HourlyStatistic>();

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<PassStatus>().HaveConversion<UpperCaseEnumConverter<PassStatus>>().HaveMaxLength(20);
        configurationBuilder.Properties<BulkPassStatus>().HaveConversion<UpperCaseEnumConverter<BulkPassStatus>>().HaveMaxLength(20);
        configurationBuilder.Properties<BookingStatus>().HaveConversion<UpperCaseEnumConverter<BookingStatus>>().HaveMaxLength(20);
        configurationBuilder.Properties<NotificationEvent>().HaveConversion<UpperCaseEnumConverter<NotificationEvent>>().HaveMaxLength(20);
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<Member>(e =>
        {
            e.ToTable("pass_member");
            e.Property(m => m.Name).HasMaxLength(100);
            e.Property(m => m.Phone).HasMaxLength(30);
        });
        modelBuilder.Entity<MemberGroup>(e =>
        {
            e.ToTable("pass_member_group");
            e.Property(g => g.Name).HasMaxLength(100);
        });
        modelBuilder.Entity<GroupMember>(e =>
        {
            e.ToTable("pass_group_member");
            e.HasKey(g => new { g.GroupId, g.MemberId });
            e.HasOne<MemberGroup>().WithMany().HasForeignKey(g => g.GroupId);
            e.HasOne<Member>().WithMany().HasForeignKey(g => g.MemberId);
        });
        modelBuilder.Entity<Package>(e =>
        {
            e.ToTable("pass_package");
            e.Property(p => p.Name).HasMaxLength(100);
        });
        modelBuilder.Entity<MemberPass>(e =>
        {
            e.ToTable("pass_pass");
            e.HasOne<Package>().WithMany().HasForeignKey(p => p.PackageId);
            e.HasOne<Member>().WithMany().HasForeignKey(p => p.MemberId);
            e.HasOne<BulkPass>().WithMany().HasForeignKey(p => p.BulkPassId);
            e.HasIndex(p => new { p.Status, p.EndsAt });
            e.HasIndex(p => p.MemberId);
            e.HasIndex(p => new { p.BulkPassId, p.MemberId }).IsUnique();   // a bulk pass is issued at most once to a member
        });
        modelBuilder.Entity<BulkPass>(e =>
        {
            e.ToTable("pass_bulk_pass");
            e.HasOne<Package>().WithMany().HasForeignKey(b => b.PackageId);
            e.HasOne<MemberGroup>().WithMany().HasForeignKey(b => b.GroupId);
            e.HasIndex(b => new { b.Status, b.StartsAt });
        });
        modelBuilder.Entity<Booking>(e =>
        {
            e.ToTable("pass_booking");
            e.HasOne<MemberPass>().WithMany().HasForeignKey(b => b.PassId);
            e.HasOne<Member>().WithMany().HasForeignKey(b => b.MemberId);
            e.HasIndex(b => b.ClassStartsAt);
            e.HasIndex(b => new { b.UsedPass, b.ClassEndsAt });
        });
        modelBuilder.Entity<Notification>(e =>
        {
            e.ToTable("pass_notification");
            e.Property(n => n.Phone).HasMaxLength(30);
            e.Property(n => n.Text).HasMaxLength(500);
            e.HasIndex(n => new { n.Event, n.BookingId }).IsUnique();    // one reminder per class booking
            e.HasIndex(n => new { n.Event, n.PassId }).IsUnique();       // one expiry notice per pass
            e.HasIndex(n => n.Sent);
        });
        modelBuilder.Entity<HourlyStatistic>(e =>
        {
            e.ToTable("pass_statistic");
            e.HasIndex(s => s.Hour).IsUnique();
        });

        // snake_case columns (expired_at, remaining_sessions), as hand-written SQL, psql and sqlite3 expect them.
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(PassText.ToSnake(property.Name));
            }
        }
    }

    /// <summary>Reads every time as UTC (SQLite keeps no kind) and refuses to write a local one.</summary>
    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    /// <summary>An enum as its upper-case name, <c>BeforeClass</c> as <c>BEFORE_CLASS</c>.</summary>
    private sealed class UpperCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
        v => PassText.ToUpperSnake(v.ToString()),
        v => Enum.Parse<TEnum>(v.Replace("_", string.Empty, StringComparison.Ordinal), true))
        where TEnum : struct, Enum;
}
