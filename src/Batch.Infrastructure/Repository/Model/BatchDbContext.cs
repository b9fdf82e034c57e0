using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Batch.Infrastructure.Repository.Model;

/// <summary>
/// The EF Core model of Spring Batch's meta tables, used by the explorer queries. Names are mapped in
/// lower case, which is what PostgreSQL folds the unquoted names of the DDL to (SQLite ignores case).
/// The repository's writes are hand-written SQL; this context only reads.
/// </summary>
internal sealed class BatchDbContext(DbContextOptions<BatchDbContext> options) : DbContext(options)
{
    private const string JobContextEntity = "JobExecutionContext";
    private const string StepContextEntity = "StepExecutionContext";

    public DbSet<JobInstanceRow> JobInstances => Set<JobInstanceRow>();

    public DbSet<JobExecutionRow> JobExecutions => Set<JobExecutionRow>();

    public DbSet<JobParameterRow> JobParameters => Set<JobParameterRow>();

    public DbSet<StepExecutionRow> StepExecutions => Set<StepExecutionRow>();

    public DbSet<ExecutionContextRow> JobContexts => Set<ExecutionContextRow>(JobContextEntity);

    public DbSet<ExecutionContextRow> StepContexts => Set<ExecutionContextRow>(StepContextEntity);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Stored times are UTC; SQLite hands them back without a kind.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<JobInstanceRow>(b =>
        {
            b.ToTable("batch_job_instance").HasKey(r => r.Id);
            b.Property(r => r.Id).HasColumnName("job_instance_id");
            b.Property(r => r.Version).HasColumnName("version");
            b.Property(r => r.JobName).HasColumnName("job_name");
            b.Property(r => r.JobKey).HasColumnName("job_key");
        });
        modelBuilder.Entity<JobExecutionRow>(b =>
        {
            b.ToTable("batch_job_execution").HasKey(r => r.Id);
            b.Property(r => r.Id).HasColumnName("job_execution_id");
            b.Property(r => r.Version).HasColumnName("version");
            b.Property(r => r.JobInstanceId).HasColumnName("job_instance_id");
            b.Property(r => r.CreateTime).HasColumnName("create_time");
            b.Property(r => r.StartTime).HasColumnName("start_time");
            b.Property(r => r.EndTime).HasColumnName("end_time");
            b.Property(r => r.Status).HasColumnName("status");
            b.Property(r => r.ExitCode).HasColumnName("exit_code");
            b.Property(r => r.ExitMessage).HasColumnName("exit_message");
            b.Property(r => r.LastUpdated).HasColumnName("last_updated");
        });
        modelBuilder.Entity<JobParameterRow>(b =>
        {
            b.ToTable("batch_job_execution_params").HasNoKey();
            b.Property(r => r.JobExecutionId).HasColumnName("job_execution_id");
            b.Property(r => r.TypeCode).HasColumnName("type_cd");
            b.Property(r => r.KeyName).HasColumnName("key_name");
            b.Property(r => r.StringValue).HasColumnName("string_val");
            b.Property(r => r.DateValue).HasColumnName("date_val");
            b.Property(r => r.LongValue).HasColumnName("long_val");
            b.Property(r => r.DoubleValue).HasColumnName("double_val");
            b.Property(r => r.Identifying).HasColumnName("identifying");
        });
        modelBuilder.Entity<StepExecutionRow>(b =>
        {
            b.ToTable("batch_step_execution").HasKey(r => r.Id);
            b.Property(r => r.Id).HasColumnName("step_execution_id");
            b.Property(r => r.Version).HasColumnName("version");
            b.Property(r => r.StepName).HasColumnName("step_name");
            b.Property(r => r.JobExecutionId).HasColumnName("job_execution_id");
            b.Property(r => r.StartTime).HasColumnName("start_time");
            b.Property(r => r.EndTime).HasColumnName("end_time");
            b.Property(r => r.Status).HasColumnName("status");
            b.Property(r => r.CommitCount).HasColumnName("commit_count");
            b.Property(r => r.ReadCount).HasColumnName("read_count");
            b.Property(r => r.FilterCount).HasColumnName("filter_count");
            b.Property(r => r.WriteCount).HasColumnName("write_count");
            b.Property(r => r.ReadSkipCount).HasColumnName("read_skip_count");
            b.Property(r => r.WriteSkipCount).HasColumnName("write_skip_count");
            b.Property(r => r.ProcessSkipCount).HasColumnName("process_skip_count");
            b.Property(r => r.RollbackCount).HasColumnName("rollback_count");
            b.Property(r => r.ExitCode).HasColumnName("exit_code");
            b.Property(r => r.ExitMessage).HasColumnName("exit_message");
            b.Property(r => r.LastUpdated).HasColumnName("last_updated");
        });
        modelBuilder.SharedTypeEntity<ExecutionContextRow>(JobContextEntity, b => MapContext(b, "batch_job_execution_context", "job_execution_id"));
        modelBuilder.SharedTypeEntity<ExecutionContextRow>(StepContextEntity, b => MapContext(b, "batch_step_execution_context", "step_execution_id"));
    }

    private static void MapContext(EntityTypeBuilder<ExecutionContextRow> b, string table, string idColumn)
    {
        b.ToTable(table).HasKey(r => r.Id);
        b.Property(r => r.Id).HasColumnName(idColumn);
        b.Property(r => r.ShortContext).HasColumnName("short_context");
        b.Property(r => r.SerializedContext).HasColumnName("serialized_context");
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
