namespace Batch.Benchmarks;

/// <summary>Finds the benchmark project's folder (where results/ lives) from the build output.</summary>
internal static class BenchmarkPaths
{
    public static string ProjectDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Batch.Benchmarks.csproj")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
