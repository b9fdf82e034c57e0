using Batch.Infrastructure.CrashHost;
using Batch.Infrastructure.Tests.Support;
using Batch.Launch;
using Batch.Repository;

namespace Batch.Infrastructure.Tests.Files;

/// <summary>
/// Crash and resume of the file writers, for real: a child process (the crash host's <c>files</c> mode, on a SQLite repository)
/// reads a CSV file and writes it again with a file writer; it stops at a moment the test chooses — after a chunk's lines were
/// synced to the file but before its checkpoint committed, in the middle of a chunk, right after a commit — prints "holding",
/// and the test kills it with SIGKILL there. A torn line is appended as a crash in the middle of a write would leave it. After
/// each kill the dead execution is marked FAILED and the instance restarted; the file the last restart completes must be, byte
/// for byte, the one an uninterrupted run writes: no line lost, none twice, none half-written, one header and one footer.
/// </summary>
[TestFixture("delimited")]
[TestFixture("fixedwidth")]
[TestFixture("jsonlines")]
public sealed class FileWriterCrashTests(string format)
{
    private const int Records = 300;
    private const int ChunkSize = 10;

    private SqliteBackend _backend = null!;
    private IJobRepository _repository = null!;
    private DirectoryInfo _folder = null!;
    private string _input = null!;
    private string _output = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _backend = new SqliteBackend();
        _repository = await _backend.OpenAsync();
        _folder = Directory.CreateTempSubdirectory("batch-file-crash-");
        _input = Path.Combine(_folder.FullName, "input.csv");
        _output = Path.Combine(_folder.FullName, "output." + format);
        await File.WriteAllTextAsync(_input, FilesJob.Input(Records));
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _backend.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Test]
    public async Task Killed_after_a_chunk_reached_the_disk_but_before_its_commit_mid_chunk_and_after_a_commit_the_restarts_finish_the_exact_file()
    {
        // 1. Killed with chunk 3's lines synced to the file but its checkpoint not committed: the file holds 30 lines, 20 committed.
        var linesBefore = await KillAtAsync("before-commit:3");
        linesBefore.Should().Be(30, "the writer syncs a chunk's lines before the checkpoint commits");
        await File.AppendAllTextAsync(_output, "21,torn li"); // and then a crash in the middle of the next write

        // 2. The restart cuts the file back to the 20 committed lines, goes on; killed while a record of its 5th chunk is processed.
        (await KillAtAsync("item:67")).Should().Be(60, "records 21-60 were committed by the restart; 61-66 are not written yet");

        // 3. Killed right after a commit.
        (await KillAtAsync("after-commit:4")).Should().Be(100);

        // 4. The last restart completes the file.
        var (exitCode, output) = await CrashHostProcess.RunAsync("files", _backend.Provider, Arguments());
        exitCode.Should().Be(0, output);

        var expected = await ExpectedAsync();
        (await File.ReadAllTextAsync(_output)).Should().Be(expected, "the restarts neither lose, repeat nor tear a line");
        (await _repository.GetRunningJobExecutionsAsync(FilesJob.JobName, CancellationToken.None)).Should().BeEmpty();
    }

    /// <summary>Runs the host until it holds at the point, counts the records in the file, kills it and marks its execution FAILED.</summary>
    private async Task<int> KillAtAsync(string hold)
    {
        using var host = CrashHostProcess.Start("files", _backend.Provider, Arguments($"hold={hold}"));
        var exited = host.WaitAsync(TimeSpan.FromMinutes(2));
        if (await Task.WhenAny(host.Holding, exited) == exited)
        {
            Assert.Fail($"The host ended ({await exited}) before it reached {hold}:\n{host.Output}");
        }

        var records = RecordLines(await File.ReadAllTextAsync(_output));
        host.Kill();
        (await exited).Should().Be(CrashHostProcess.Killed, host.Output);

        var jobOperator = new JobOperator(new JobRegistry(), new JobLauncher(_repository), _repository);
        foreach (var dead in await _repository.GetRunningJobExecutionsAsync(FilesJob.JobName, CancellationToken.None))
        {
            await jobOperator.MarkEndedAsync(dead.Id, BatchStatus.Failed, TimeSpan.Zero, CancellationToken.None);
        }

        return records;
    }

    private string[] Arguments(params string[] more) =>
        ["run=1", $"input={_input}", $"output={_output}", $"format={format}", $"chunk={ChunkSize}", .. more];

    /// <summary>What an uninterrupted run writes (in this process, on an in-memory repository).</summary>
    private async Task<string> ExpectedAsync()
    {
        var path = Path.Combine(_folder.FullName, "expected." + format);
        var execution = await new JobLauncher(new InMemoryJobRepository()).RunAsync(
            FilesJob.Create(_input, path, format, ChunkSize), new JobParametersBuilder().AddLong("run", 1).Build(), CancellationToken.None);
        execution.Status.Should().Be(BatchStatus.Completed);
        var text = await File.ReadAllTextAsync(path);
        RecordLines(text).Should().Be(Records);
        return text;
    }

    /// <summary>The records in the file: its lines less the header, the column names, the footer and a quoted line break's second line.</summary>
    private int RecordLines(string text) =>
        text.Split('\n').Count(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith("id,", StringComparison.Ordinal));
}
