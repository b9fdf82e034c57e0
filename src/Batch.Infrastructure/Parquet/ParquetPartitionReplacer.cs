using System.Globalization;
namespace Batch.Infrastructure.Parquet;

/// <summary>
/// The partition overwrite of a <see cref="ParquetItemWriter{T}"/> (<see cref="ParquetWriteMode.OverwritePartitions"/>). When a
/// chunk publishes the first part of a partition, the partition's other <c>.parquet</c> files (those not of this job instance)
/// are renamed to <c>.replaced-{writer prefix}{sequence}-{name}.aside</c>, hidden from DuckDB's and Spark's globs; the sequence
/// is the one of the part that replaces them. Once the step's context holds a committed sequence at least that high the
/// replacement committed and the moved files are deleted; below it, it did not and they are renamed back. A restart does the
/// same with the files it finds, from the sequence the repository committed.
/// </summary>
internal sealed class ParquetPartitionReplacer
{
    private const string AsideSuffix = ".aside";

    private readonly ParquetLake _lake;
    private readonly string _instancePrefix;
    private readonly string _asidePrefix;
    private readonly HashSet<string> _replaced = new(StringComparer.Ordinal);
    private readonly List<(long Sequence, string Folder, string Aside, string Original)> _aside = [];

    /// <param name="lake">The lake's base folder: nothing outside it is moved or deleted.</param>
    /// <param name="instancePrefix">The start of the names of this job instance's parts (<c>part-i12-</c>): never replaced.</param>
    /// <param name="writerPrefix">The start of this writer's part names (<c>part-i12-export-</c>).</param>
    public ParquetPartitionReplacer(ParquetLake lake, string instancePrefix, string writerPrefix)
    {
        _lake = lake;
        _instancePrefix = instancePrefix;
        _asidePrefix = ".replaced-" + writerPrefix;
    }

    /// <summary>Whether a file name is one of this writer's moved-aside files.</summary>
    public bool IsAside(ReadOnlySpan<char> name) => name.StartsWith(_asidePrefix, StringComparison.Ordinal) && name.EndsWith(AsideSuffix, StringComparison.Ordinal);

    /// <summary>
    /// Before the part <paramref name="sequence"/> is published in <paramref name="folder"/>: when it is the first in that
    /// folder for this writer, moves the partition's files of other job instances aside.
    /// </summary>
    public void Replace(string folder, long sequence)
    {
        if (!_replaced.Add(folder) || !Directory.Exists(folder))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*.parquet", SearchOption.TopDirectoryOnly))
        {
            var name = Path.GetFileName(file);
            if (name.StartsWith(_instancePrefix, StringComparison.Ordinal) || name.StartsWith('.'))
            {
                continue;
            }

            var aside = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{_asidePrefix}{sequence:D8}-{name}{AsideSuffix}"));
            _lake.Move(file, aside, overwrite: false);
            _aside.Add((sequence, folder, aside, file));
        }
    }

    /// <summary>
    /// Ends the replacements of earlier chunks: those of a committed sequence lose their moved files; with
    /// <paramref name="restoreUncommitted"/>, those above it (their chunk's commit failed) get them back.
    /// </summary>
    public void Settle(long committed, bool restoreUncommitted)
    {
        for (var i = _aside.Count - 1; i >= 0; i--)
        {
            var (sequence, folder, aside, original) = _aside[i];
            if (sequence <= committed)
            {
                Delete(aside);
            }
            else if (restoreUncommitted)
            {
                Restore(aside, original);
                _replaced.Remove(folder);
            }
            else
            {
                continue;
            }

            _aside.RemoveAt(i);
        }
    }

    /// <summary>On open: a moved-aside file left by an earlier execution of the step, settled against the committed sequence.</summary>
    public void Recover(string file, long committed)
    {
        var name = Path.GetFileName(file.AsSpan());
        var rest = name[_asidePrefix.Length..^AsideSuffix.Length];
        var dash = rest.IndexOf('-');
        if (dash <= 0 || !long.TryParse(rest[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return;
        }

        if (sequence <= committed)
        {
            Delete(file);
        }
        else
        {
            Restore(file, Path.Combine(Path.GetDirectoryName(file)!, rest[(dash + 1)..].ToString()));
        }
    }

    private void Restore(string aside, string original) => _lake.Move(aside, original, overwrite: false);

    private void Delete(string file) => _lake.Delete(file);
}
