using System.Security.Cryptography;
using Batch.Infrastructure.Storage;
using Batch.Infrastructure.Transfer;

namespace Batch.Infrastructure.Tests.Transfer;

public sealed class LocalTransferTests
{
    private string _root = null!;
    private string _in = null!;
    private string _out = null!;

    [SetUp]
    public void SetUp()
    {
        _root = Path.Combine(Path.GetTempPath(), "batch-transfer-" + Guid.NewGuid().ToString("N"));
        _in = Directory.CreateDirectory(Path.Combine(_root, "in")).FullName;
        _out = Directory.CreateDirectory(Path.Combine(_root, "out")).FullName;
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    [Test]
    public async Task A_file_is_copied_unchanged_and_its_name_size_and_sha256_are_recorded()
    {
        var bytes = RandomNumberGenerator.GetBytes(300_000);
        await File.WriteAllBytesAsync(Path.Combine(_in, "sales.csv"), bytes);
        await using var job = new TransferJob(new FileTransferTasklet(TransferEndpoint.Local(_in, "sales.csv"), TransferEndpoint.Local(_out, "day/sales.csv")));

        var execution = await job.StartAsync();

        execution.Status.Should().Be(BatchStatus.Completed);
        (await File.ReadAllBytesAsync(Path.Combine(_out, "day", "sales.csv"))).Should().Equal(bytes);
        var context = TransferJob.Step(execution).ExecutionContext;
        context.GetString(FileTransferTasklet.NameKey).Should().Be("sales.csv");
        context.GetLong(FileTransferTasklet.SizeKey).Should().Be(bytes.Length);
        context.GetString(FileTransferTasklet.Sha256Key).Should().Be(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Directory.GetFiles(Path.Combine(_out, "day")).Should().ContainSingle("no temporary file is left");
    }

    [Test]
    public async Task A_temporary_file_left_by_a_crash_is_overwritten_and_never_becomes_the_final_file()
    {
        await File.WriteAllTextAsync(Path.Combine(_in, "f.txt"), "complete");
        await File.WriteAllTextAsync(Path.Combine(_out, "f.txt.part"), "half of an older attempt that is longer");
        await using var job = new TransferJob(new FileTransferTasklet(TransferEndpoint.Local(_in, "f.txt"), TransferEndpoint.Local(_out, "f.txt")));

        (await job.StartAsync()).Status.Should().Be(BatchStatus.Completed);

        (await File.ReadAllTextAsync(Path.Combine(_out, "f.txt"))).Should().Be("complete");
        File.Exists(Path.Combine(_out, "f.txt.part")).Should().BeFalse();
    }

    [Test]
    public async Task A_missing_source_fails_the_step_naming_the_file_and_writes_nothing()
    {
        await using var job = new TransferJob(new FileTransferTasklet(TransferEndpoint.Local(_in, "missing.csv"), TransferEndpoint.Local(_out, "missing.csv")));

        var failure = TransferJob.Failure(await job.StartAsync());

        failure.Should().BeOfType<ItemStreamException>().Which.Message.Should().Contain(Path.Combine(_in, "missing.csv"));
        Directory.GetFiles(_out).Should().BeEmpty();
    }

    [TestCase("../out/x.csv")]
    [TestCase("/etc/passwd")]
    [TestCase("")]
    public void A_local_path_that_leaves_its_base_folder_is_refused(string path)
    {
        var act = () => TransferEndpoint.Local(_in, path);

        act.Should().Throw<StoragePathException>();
    }

    [Test]
    public void A_local_base_folder_at_the_root_is_refused()
    {
        var act = () => TransferEndpoint.Local("/", "etc/passwd");

        act.Should().Throw<StoragePathException>().WithMessage("*root of the file system*");
    }

    [TestCase("relative", "The transfer base folder 'relative' (the baseFolder of TransferEndpoint.Local) is relative: give an absolute path.")]
    [TestCase("", "The transfer base folder is not configured (the baseFolder of TransferEndpoint.Local is empty or missing): *such as /var/batch/transfer.")]
    public void A_local_base_folder_that_is_relative_or_empty_is_refused_in_plain_words(string baseFolder, string message)
    {
        var act = () => TransferEndpoint.Local(baseFolder, "x.csv");

        act.Should().Throw<StoragePathException>().WithMessage(message);
    }
}
