namespace Samples.Pass;

/// <summary>
/// Sends a notification to a member (a messaging service). Called concurrently by the send step's threads, so it must be thread-safe.
/// The notification's id is an idempotency key: a chunk that failed after some of its sends is sent again on restart, and the receiver
/// uses the key to deliver each notification once.
/// </summary>
public interface INotificationSender
{
    /// <summary>Sends one notification; throws when it was not accepted (the chunk then fails and rolls back).</summary>
    /// <param name="notification">The notification (its id, phone and text).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A task.</returns>
    Task SendAsync(Notification notification, CancellationToken cancellationToken);
}
