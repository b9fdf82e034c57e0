using System.Globalization;
using Batch.Items;

namespace Samples.Pass;

/// <summary>Writes the reminder of a class that starts soon.</summary>
internal sealed class ClassReminderProcessor(DateTime now) : IItemProcessor<ClassReminder, Notification>
{
    public ValueTask<ItemResult<Notification>> ProcessAsync(ClassReminder item, CancellationToken cancellationToken)
    {
        var minutes = (int)Math.Ceiling((item.ClassStartsAt - now).TotalMinutes);
        return new(new ItemResult<Notification>(new Notification
        {
            Event = NotificationEvent.BeforeClass,
            MemberId = item.MemberId,
            BookingId = item.BookingId,
            Phone = item.Phone,
            Text = string.Create(CultureInfo.InvariantCulture,
                $"Your class starts at {item.ClassStartsAt:HH:mm} UTC, in {minutes} minute{(minutes == 1 ? string.Empty : "s")}. Please check in at the front desk."),
        }));
    }
}
