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

        RequireTarget(table, Where);
    }

    private static void RequireTarget(TableEntry table, Func<string> where)
    {
        if (!Identifiers.IsTableName(table.TargetTable))
        {
            throw new CollectorException($"{where()}: TARGET_TABLE '{table.TargetTable}' is not a plain SQL name.");
        }

        if (table.Columns.Count == 0 || table.Columns.Any(c => !Identifiers.IsColumnName(c)))
        {
            throw new CollectorException($"{where()}: COLUMN_LIST '{string.Join(",", table.Columns)}' must list plain column names.");
        }

        if (table.KeyColumns.Count == 0 || table.KeyColumns.Any(k => !table.Columns.Contains(k, StringComparer.Ordinal)))
        {
            throw new CollectorException($"{where()}: KEY_COLUMNS '{string.Join(",", table.KeyColumns)}' must name a unique key among COLUMN_LIST.");
        }

        if (table.Columns.Any(c => c.Equals(LakeLayout.BaseTimeColumn, StringComparison.OrdinalIgnoreCase)))
        {
            throw new CollectorException($"{where()}: a column may not be named {LakeLayout.BaseTimeColumn}; the target table uses that name for the base time.");
        }
    }

    /// <summary>Checks a code 02 connection's API resource before anything is asked of it.</summary>
    public static void RequireApi(ConnectionEntry connection, TableEntry table)
    {
        string Where() => $"T_COLLECT_TABLE_0001 entry {table.PartitionValue}";
        if (!Uri.TryCreate(connection.ConnectionString, UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new CollectorException(
                $"T_COLLECT_CONN_0001 entry {connection.Number}: CONNECTION_STRING '{connection.ConnectionString}' is not the API's base URL; give http(s)://host[:port]/path/.");
        }

        if (table.Api is null)
        {
            throw new CollectorException($"{Where()} is an API resource without paging: register it in T_COLLECT_API_0001 (PAGING_TYPE, PAGE_SIZE, COLUMN_TYPES).");
        }

        if (table.TableName.Length == 0 || table.TableName.StartsWith('/') || table.TableName.Contains("..", StringComparison.Ordinal) || table.TableName.Contains("//", StringComparison.Ordinal)
            || !table.TableName.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '.'))
        {
            throw new CollectorException(
                $"{Where()}: TABLE_NAME '{table.TableName}' is not a resource path relative to the base URL (letters, digits, _ - . and /, no leading /, no ..).");
        }

        if (table.Api.PagingType is not (ApiResource.Number or ApiResource.Offset or ApiResource.Link or ApiResource.Cursor))
        {
            throw new CollectorException($"T_COLLECT_API_0001 entry {table.PartitionValue}: PAGING_TYPE '{table.Api.PagingType}' is not number, offset, link or cursor.");
        }

        if (table.Api.PageSize < 1)
        {
            throw new CollectorException($"T_COLLECT_API_0001 entry {table.PartitionValue}: PAGE_SIZE {table.Api.PageSize} must be at least 1.");
        }

        RequireTarget(table, Where);
        _ = ApiColumns.Of(table);
    }
}
