namespace Batch.Core.Tests.Support;

/// <summary>The repository's source tree, for tests that check conventions in the code itself.</summary>
internal static class RepositoryFiles
{
    /// <summary>The folder of Batch.sln, found above the test's output folder.</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Batch.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"Batch.sln not found above {TestContext.CurrentContext.TestDirectory}.");
        }
    }
}
