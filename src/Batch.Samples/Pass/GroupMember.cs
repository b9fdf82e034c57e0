namespace Samples.Pass;

/// <summary>A member's place in a group.</summary>
public sealed class GroupMember
{
    /// <summary>The group.</summary>
    public long GroupId { get; set; }

    /// <summary>The member.</summary>
    public long MemberId { get; set; }
}
