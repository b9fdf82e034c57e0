namespace Samples.Pass;

/// <summary>An active pass that ends soon, with the member's phone and its sessions left: what the expiry collect step reads.</summary>
public sealed class ExpiryReminder
{
    /// <summary>The pass.</summary>
    public long PassId { get; set; }

    /// <summary>The member.</summary>
    public long MemberId { get; set; }

    /// <summary>The member's phone.</summary>
    public string Phone { get; set; } = string.Empty;

    /// <summary>The pass's end (UTC).</summary>
    public DateTime EndsAt { get; set; }

    /// <summary>The sessions left, or null for unlimited use.</summary>
    public int? RemainingSessions { get; set; }
}
