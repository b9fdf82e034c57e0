namespace Samples.Pass;

/// <summary>A member of the club (a user).</summary>
public sealed class Member
{
    /// <summary>The member's id.</summary>
    public long Id { get; set; }

    /// <summary>The member's name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The member's phone number, where notifications go.</summary>
    public string Phone { get; set; } = string.Empty;

    /// <summary>When the member joined (UTC).</summary>
    public DateTime JoinedAt { get; set; }
}
