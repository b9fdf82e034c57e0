namespace Samples.Pass;

/// <summary>A group of members that an admin issues bulk passes to (all members, a company's staff, a trial class).</summary>
public sealed class MemberGroup
{
    /// <summary>The group's id.</summary>
    public long Id { get; set; }

    /// <summary>The group's name.</summary>
    public string Name { get; set; } = string.Empty;
}
