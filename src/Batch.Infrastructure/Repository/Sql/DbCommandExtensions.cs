using System.Data.Common;

namespace Batch.Infrastructure.Repository.Sql;

/// <summary>Small helpers to build parameterised commands.</summary>
internal static class DbCommandExtensions
{
    /// <summary>Creates a command on the connection, in the transaction.</summary>
    public static DbCommand CreateCommand(this DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Adds a parameter (null becomes <see cref="DBNull"/>).</summary>
    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        command.Parameters.Add(Bind(command.CreateParameter(), name, value));
        return command;
    }

    /// <summary>Reads a nullable 64-bit integer column.</summary>
    public static long? GetNullableInt64(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    /// <summary>Reads a nullable time column (a UTC instant).</summary>
    public static DateTime? GetNullableDateTime(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDateTime(ordinal);

    /// <summary>Reads a nullable text column.</summary>
    public static string? GetNullableString(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DbParameter Bind(DbParameter parameter, string name, object? value)
    {
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        return parameter;
    }
}
