using Microsoft.Extensions.Hosting;
using Samples.Collector;

// The collector's command line: healthcheck | batchrun BASETIME CODE CONN... | batchcheck BASETIME CONN... | batchresult BASETIME CODE,
// and the framework's own commands (show, list, restart, recover, dashboard...). The base directory is $DATALAKE_COLLECTOR.
using var host = CollectorHost.Build();
return await host.RunBatchCommandLineAsync(args);
