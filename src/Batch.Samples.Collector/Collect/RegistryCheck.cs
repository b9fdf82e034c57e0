using Samples.Collector.Rules;

namespace Samples.Collector.Collect;

/// <summary>Checks a registry entry before its names go into SQL: plain names only, and a key among the columns.</summary>
internal static class RegistryCheck
{
    public static void Require(TableEntry table)
    {
        string Where() => $"T_COLLECT_TABLE_0001 entry {table.PartitionValue}";
        if (!Identifiers.IsTableName(table.TableName))
        {
            throw new CollectorException($"{Where()}: TABLE_NAME '{table.TableName}' is not a plain SQL name (letters, digits, _; schema.table allowed).");
        }

        if (!Identifiers.IsTableName(table.TargetTable))
        {
            throw new CollectorException($"{Where()}: TARGET_TABLE '{table.TargetTable}' is not a plain SQL name.");
        }

        if (table.Columns.Count == 0 || table.Columns.Any(c => !Identifiers.IsColumnName(c)))
        {
            throw new CollectorException($"{Where()}: COLUMN_LIST '{string.Join(",", table.Columns)}' must list plain column names.");
        }

        if (table.KeyColumns.Count == 0 || table.KeyColumns.Any(k => !table.Columns.Contains(k, StringComparer.Ordinal)))
        {
            throw new CollectorException($"{Where()}: KEY_COLUMNS '{string.Join(",", table.KeyColumns)}' must name a unique key among COLUMN_LIST.");
        }

        if (table.Columns.Any(c => c.Equals(LakeLayout.BaseTimeColumn, StringComparison.OrdinalIgnoreCase)))
        {
            throw new CollectorException($"{Where()}: a column may not be named {LakeLayout.BaseTimeColumn}; the target table uses that name for the base time.");
        }
    }
}
