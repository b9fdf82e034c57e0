using System.Data.Common;
using System.Globalization;
using Batch.Infrastructure.Repository.Dialects;
using Batch.Infrastructure.Repository.Mapping;
using Batch.Infrastructure.Repository.Sql;

namespace Batch.Infrastructure.Repository;

public sealed partial class RelationalJobRepository
{
    private LaunchSlotsOnDatabase? _launchSlots;

    /// <inheritdoc />
    /// <remarks>
    /// The tickets are rows of BATCH_LAUNCH_TICKET (<c>schema/postgresql/launch-tickets.sql</c>, <c>schema/sqlite/launch-tickets.sql</c>),
    /// created on first use unless <see cref="DatabaseJobRepositoryOptions.CreateSchema"/> is off. Each decision is one transaction: on
    /// PostgreSQL under a transaction-level advisory lock on the group, on SQLite in an immediate transaction (the file's write lock).
    /// </remarks>
    public ILaunchSlots LaunchSlots => LazyInitializer.EnsureInitialized(ref _launchSlots, () => new LaunchSlotsOnDatabase(this));

    /// <summary>The launch queue on the repository's database: the same connections, clock and schema settings.</summary>
    private sealed class LaunchSlotsOnDatabase(RelationalJobRepository repository) : ILaunchSlots
    {
        private volatile bool _ready;

        public async ValueTask<LaunchSlotAttempt> EnterAsync(LaunchSlotRequest request, bool queue, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(request);
            return await DecideAsync(request, null, queue, cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask<LaunchSlotAttempt> RetryAsync(long ticketId, LaunchSlotRequest request, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(request);
            return await DecideAsync(request, ticketId, queue: true, cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask AttachAsync(long ticketId, long jobExecutionId, CancellationToken cancellationToken)
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var attach = connection.CreateCommand(null, LaunchTicketSql.Attach)
                .With("execution", jobExecutionId).With("now", DbTime.ToDb(repository._time.GetUtcNow())).With("id", ticketId);
            await attach.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask ReleaseAsync(long ticketId, CancellationToken cancellationToken)
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var release = connection.CreateCommand(null, LaunchTicketSql.Release).With("id", ticketId);
            await release.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <remarks>A read: it creates neither the file nor the table, and answers empty where there is none.</remarks>
        public async ValueTask<IReadOnlyList<LaunchTicket>> GetTicketsAsync(string? groupName, CancellationToken cancellationToken)
        {
            var dialect = repository._dialect;
            if (!_ready && dialect.IsCertainlyAbsent(repository._dataSource))
            {
                return [];
            }

            await using var connection = await repository._dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            if (!_ready && !await dialect.HasLaunchTicketsAsync(connection, cancellationToken).ConfigureAwait(false))
            {
                return [];
            }

            await using var select = connection.CreateCommand(null, groupName is null ? LaunchTicketSql.SelectAll : LaunchTicketSql.SelectGroup);
            if (groupName is not null)
            {
                select.With("group", groupName);
            }

            var tickets = new List<LaunchTicket>();
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                tickets.Add(new LaunchTicket(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), State(reader.GetString(3)), reader.GetNullableInt64(4), reader.GetString(5),
                    DbTime.FromDb(reader.GetDateTime(6)), DbTime.FromDb(reader.GetDateTime(7))));
            }

            return tickets;
        }

        /// <summary>
        /// One decision, in one transaction serialised per group: discard what no live process holds, count, then take a slot, queue, or
        /// refresh the waiting ticket's heartbeat.
        /// </summary>
        private async Task<LaunchSlotAttempt> DecideAsync(LaunchSlotRequest request, long? ticketId, bool queue, CancellationToken cancellationToken)
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await repository._dialect.LockLaunchGroupAsync(connection, transaction, request.GroupName, cancellationToken).ConfigureAwait(false);
            var self = ticketId ?? long.MaxValue;
            await using (var discard = connection.CreateCommand(transaction, LaunchTicketSql.Discard)
                .With("group", request.GroupName).With("self", self)
                .With("waitingSince", DbTime.ToDb(request.WaitingSilentSince)).With("holdingSince", DbTime.ToDb(request.HoldingSilentSince)))
            {
                await discard.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            int held, ahead;
            string? state;
            await using (var count = connection.CreateCommand(transaction, LaunchTicketSql.Count).With("group", request.GroupName).With("self", self))
            await using (var reader = await count.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                held = Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture);
                ahead = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
                state = reader.GetNullableString(2);
            }

            LaunchSlotAttempt attempt;
            var free = held < request.MaxLive && ahead == 0;
            if (ticketId is { } id)
            {
                if (state is null)
                {
                    attempt = new LaunchSlotAttempt(LaunchSlotState.Lost, null, held, ahead);
                }
                else if (state == LaunchTicketSql.Holding)
                {
                    attempt = new LaunchSlotAttempt(LaunchSlotState.Holding, id, held, 0);
                }
                else
                {
                    await using var update = connection.CreateCommand(transaction, LaunchTicketSql.Update)
                        .With("state", free ? LaunchTicketSql.Holding : LaunchTicketSql.Waiting).With("now", DbTime.ToDb(request.Now)).With("self", id);
                    await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    attempt = new LaunchSlotAttempt(free ? LaunchSlotState.Holding : LaunchSlotState.Waiting, id, held, ahead);
                }
            }
            else if (free || queue)
            {
                await using var insert = connection.CreateCommand(transaction, LaunchTicketSql.Insert)
                    .With("group", request.GroupName).With("job", request.JobName).With("state", free ? LaunchTicketSql.Holding : LaunchTicketSql.Waiting)
                    .With("owner", request.Owner.Length > 200 ? request.Owner[..200] : request.Owner).With("now", DbTime.ToDb(request.Now));
                var newId = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
                attempt = new LaunchSlotAttempt(free ? LaunchSlotState.Holding : LaunchSlotState.Waiting, newId, held, ahead);
            }
            else
            {
                attempt = new LaunchSlotAttempt(LaunchSlotState.Full, null, held, ahead);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return attempt;
        }

        /// <summary>A connection for a write: the meta tables first (the repository's own check), then the launch queue's table.</summary>
        private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
        {
            var connection = await repository.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (_ready)
            {
                return connection;
            }

            try
            {
                var dialect = repository._dialect;
                if (!await dialect.HasLaunchTicketsAsync(connection, cancellationToken).ConfigureAwait(false))
                {
                    if (!repository._createSchema)
                    {
                        throw new InvalidOperationException(
                            $"The {dialect.DisplayName} job repository has no table {SqlDialect.LaunchTicketTable} (the launch queue of jobs with a launch limit), " +
                            $"and creating the schema is off. Create it with the script {dialect.LaunchTicketsFile} (also embedded in Batch.Infrastructure), " +
                            "or set CreateSchema = true on the repository's options.");
                    }

                    await dialect.CreateLaunchTicketsAsync(connection, cancellationToken).ConfigureAwait(false);
                }

                _ready = true;
                return connection;
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        private static LaunchSlotState State(string code) => code == LaunchTicketSql.Holding ? LaunchSlotState.Holding : LaunchSlotState.Waiting;
    }
}
