using Acme.Nightly;
using Batch.Dashboard.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// run nightly count:long=25 out=<file> [-failAt:long=13] | list --json | dashboard
var builder = Host.CreateApplicationBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddBatch(batch => batch
    .UseSqlite(Path.Combine(AppContext.BaseDirectory, "nightly.db"))
    .AddJob(NightlyJob.Create())
    .AddDashboardCommand());
using var host = builder.Build();
return await host.RunBatchCommandLineAsync(args);
