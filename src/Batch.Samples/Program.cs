using Samples;
using Microsoft.Extensions.Hosting;

// The samples' command line: run <job> [parameters] | next <job> | restart <id> | stop <id> | list | ...
using var host = SampleHost.Build();
return await host.RunBatchCommandLineAsync(args);
