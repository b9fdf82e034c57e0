using Batch.Items;

namespace Samples.Pass;

/// <summary>Sends a notification through the <see cref="INotificationSender"/>; called on several threads at once (the send step's <c>Threads</c>).</summary>
internal sealed class SendNotificationProcessor(INotificationSender sender, long? failAt) : IItemProcessor<Notification, Notification>
{
    public async ValueTask<ItemResult<Notification>> ProcessAsync(Notification item, CancellationToken cancellationToken)
    {
        if (failAt == item.Id)
        {
            throw new InvalidOperationException(
                $"Simulated failure before sending notification {item.Id} (parameter failAt). Run the same command without -failAt to restart from the last committed chunk.");
        }

        await sender.SendAsync(item, cancellationToken);
        return new ItemResult<Notification>(item);
    }
}
