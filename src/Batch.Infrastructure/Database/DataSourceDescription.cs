using System.Data.Common;

namespace Batch.Infrastructure.Database;

/// <summary>Names a database for an error message (host, port and database, or the file), never with its password.</summary>
internal static class DataSourceDescription
{
    private static readonly string[] HostKeys = ["Host", "Server", "Data Source", "DataSource", "Filename"];
    private static readonly string[] PortKeys = ["Port"];
    private static readonly string[] DatabaseKeys = ["Database", "Initial Catalog"];

    public static string Describe(DbDataSource dataSource)
    {
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = dataSource.ConnectionString };
            var host = First(builder, HostKeys);
            var port = First(builder, PortKeys);
            var database = First(builder, DatabaseKeys);
            var text = (host ?? "?") + (port is null ? string.Empty : ":" + port) + (database is null ? string.Empty : "/" + database);
            return host is null && database is null ? dataSource.GetType().Name : text;
        }
        catch (ArgumentException)
        {
            return dataSource.GetType().Name;
        }
    }

    private static string? First(DbConnectionStringBuilder builder, string[] keys)
    {
        foreach (var key in keys)
        {
            if (builder.TryGetValue(key, out var value) && Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) is { Length: > 0 } text)
            {
                return text;
            }
        }

        return null;
    }
}
