namespace Samples.Pass;

/// <summary>The state of a pass: usable, or expired (its end has passed or its sessions are used up).</summary>
public enum PassStatus
{
    /// <summary>Usable (stored as <c>ACTIVE</c>).</summary>
    Active,

    /// <summary>Expired (stored as <c>EXPIRED</c>), with the time of expiry in <see cref="MemberPass.ExpiredAt"/>.</summary>
    Expired,
}
