using Microsoft.Data.Sqlite;

namespace Batch.Samples.Tests.Pass;

/// <summary>The pass jobs with the job repository and the pass tables in one SQLite file.</summary>
public class PassJobsOnSqliteTests : PassJobsTests
{
    private DirectoryInfo _directory = null!;

    protected override Task<IReadOnlyDictionary<string, string>> RepositorySettingsAsync()
    {
        _directory = Directory.CreateTempSubdirectory("pass-");
        return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
        {
            ["Provider"] = "Sqlite",
            ["ConnectionString"] = $"Data Source={Path.Combine(_directory.FullName, "pass.db")}",
        });
    }

    protected override Task AfterHostStoppedAsync()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
        return Task.CompletedTask;
    }
}
