using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Samples.Collector.Configuration;

namespace Samples.Collector.Rules;

/// <summary>
/// The rule database (seed 000's repository) on PostgreSQL or SQLite: the registry of connections and tables. Every statement is
/// parameterised and written for both databases; the status, log and result tables are in <see cref="RuleLog"/> and
/// <see cref="Results.ResultBuilder"/>. Its DDL is under <c>schema/postgres</c> and <c>schema/sqlite</c>.
/// </summary>
public sealed class RuleDatabase : IAsyncDisposable
{
    private RuleDatabase(DbDataSource dataSource, bool isSqlite, string description)
    {
        DataSource = dataSource;
        IsSqlite = isSqlite;
        Description = description;
    }

    /// <summary>The database's connections.</summary>
    public DbDataSource DataSource { get; }

    /// <summary>Whether it is SQLite.</summary>
    public bool IsSqlite { get; }

    /// <summary>The server or file, for messages (no password).</summary>
    public string Description { get; }

    /// <summary>Opens the rule database of an endpoint.</summary>
    /// <param name="endpoint">The endpoint from datalake.json.</param>
    /// <param name="folder">The base directory a SQLite file is resolved against.</param>
    /// <returns>The database.</returns>
    public static RuleDatabase Open(DatabaseEndpoint endpoint, CollectorFolder folder)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(folder);
        if (endpoint.IsSqlite)
        {
            var builder = new SqliteConnectionStringBuilder(endpoint.ConnectionString);
            builder.DataSource = folder.Resolve(builder.DataSource, "repository SQLite file");
            builder.DefaultTimeout = Math.Max(builder.DefaultTimeout, 30);
            return new RuleDatabase(SqliteFactory.Instance.CreateDataSource(builder.ConnectionString), true, builder.DataSource);
        }

        var npgsql = new NpgsqlConnectionStringBuilder(endpoint.ConnectionString);
        return new RuleDatabase(NpgsqlDataSource.Create(npgsql), false, HealthCheck.HealthChecker.Describe(npgsql));
    }

    /// <summary>Reads connections of the registry with their tables in use; unknown numbers are simply absent from the result.</summary>
    /// <param name="numbers">연결관리번호 to read.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The entries found, by number.</returns>
    /// <exception cref="CollectorException">The rule database cannot be reached or has no registry tables.</exception>
    public async Task<IReadOnlyDictionary<string, ConnectionEntry>> GetConnectionsAsync(IReadOnlyCollection<string> numbers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        var connections = new Dictionary<string, (string Code, string Name, string ConnectionString, bool InUse)>(StringComparer.Ordinal);
        var tables = new Dictionary<string, List<TableEntry>>(StringComparer.Ordinal);
        await RunAsync(async connection =>
        {
            foreach (var number in numbers.Distinct(StringComparer.Ordinal))
            {
                await using (var command = Command(connection,
                    "SELECT METHOD_CODE, CONNECTION_NAME, CONNECTION_STRING, USE_YN FROM T_COLLECT_CONN_0001 WHERE CONNECTION_NO = @no", ("@no", number)))
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        connections[number] = (reader.GetString(0).Trim(), reader.GetString(1), reader.GetString(2), reader.GetString(3) == "Y");
                    }
                }

                await using (var command = Command(connection,
                    "SELECT TABLE_NAME, COLUMN_LIST, KEY_COLUMNS, TARGET_TABLE FROM T_COLLECT_TABLE_0001 WHERE CONNECTION_NO = @no AND USE_YN = 'Y' ORDER BY TABLE_NAME",
                    ("@no", number)))
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    var list = tables[number] = [];
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        list.Add(new TableEntry(number, reader.GetString(0), Identifiers.SplitList(reader.GetString(1)), Identifiers.SplitList(reader.GetString(2)), reader.GetString(3)));
                    }
                }

                if (connections.TryGetValue(number, out var found) && found.Code == "02")
                {
                    await ReadApiResourcesAsync(connection, number, tables[number], cancellationToken).ConfigureAwait(false);
                }
            }
        }, "read the registry (T_COLLECT_CONN_0001, T_COLLECT_TABLE_0001, T_COLLECT_API_0001)", cancellationToken).ConfigureAwait(false);

        return connections.ToDictionary(
            c => c.Key,
            c => new ConnectionEntry(c.Key, c.Value.Code, c.Value.Name, c.Value.ConnectionString, c.Value.InUse, tables[c.Key]),
            StringComparer.Ordinal);
    }

    /// <summary>Adds to a code 02 connection's entries how each resource is paged and typed (T_COLLECT_API_0001).</summary>
    private static async Task ReadApiResourcesAsync(DbConnection connection, string number, List<TableEntry> tables, CancellationToken cancellationToken)
    {
        await using var command = Command(connection,
            "SELECT TABLE_NAME, PAGING_TYPE, PAGE_SIZE, COLUMN_TYPES, ITEMS_FIELD, NEXT_FIELD, PAGE_PARAM, SIZE_PARAM FROM T_COLLECT_API_0001 WHERE CONNECTION_NO = @no",
            ("@no", number));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var index = tables.FindIndex(t => t.TableName == reader.GetString(0));
            if (index < 0)
            {
                continue;
            }

            string? Optional(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            tables[index] = tables[index] with
            {
                Api = new ApiResource(
                    reader.GetString(1).Trim(), Convert.ToInt32(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture), ApiColumnTypes(reader.GetString(3)),
                    reader.GetString(4), Optional(5), Optional(6), Optional(7)),
            };
        }
    }

    /// <summary>The types of COLUMN_TYPES: split at commas that are not inside parentheses (<c>numeric(12,2)</c>).</summary>
    internal static IReadOnlyList<string> ApiColumnTypes(string list)
    {
        var types = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= list.Length; i++)
        {
            if (i == list.Length || (list[i] == ',' && depth == 0))
            {
                var type = list[start..i].Trim();
                if (type.Length > 0)
                {
                    types.Add(type);
                }

                start = i + 1;
            }
            else if (list[i] == '(')
            {
                depth++;
            }
            else if (list[i] == ')')
            {
                depth--;
            }
        }

        return types;
    }

    /// <summary>Runs work on one open connection, turning an unreachable database or missing tables into an operator's message.</summary>
    internal async Task RunAsync(Func<DbConnection, Task> work, string what, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await work(connection).ConfigureAwait(false);
            }
        }
        catch (DbException ex) when (IsMissingTable(ex))
        {
            throw new CollectorException(
                $"The rule database {Description} lacks the collector's tables ({ex.Message}) while trying to {what}: run the DDL of the collector's " +
                $"schema/{(IsSqlite ? "sqlite" : "postgres")}/*.sql on it.", ex)
            { ExitCode = 1 };
        }
        catch (DbException ex)
        {
            throw new CollectorException($"The rule database {Description} could not {what}: {ex.Message}", ex) { ExitCode = 1 };
        }
    }

    /// <summary>A command with parameters (null values become DBNull).</summary>
    internal static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>A UTC time as the rule tables keep it (TIMESTAMP without time zone).</summary>
    internal static DateTime Timestamp(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Unspecified);

    private static bool IsMissingTable(DbException ex) =>
        ex is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable }
        || (ex is SqliteException && ex.Message.Contains("no such table", StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc />
    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
