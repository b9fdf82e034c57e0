namespace Samples.Pass;

/// <summary>What the club sells: a number of sessions (or none for unlimited use) valid for a number of days.</summary>
public sealed class Package
{
    /// <summary>The package's id.</summary>
    public long Id { get; set; }

    /// <summary>The package's name ("PT 10 sessions, 2 months").</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The sessions a pass of this package holds, or null for unlimited use during its validity.</summary>
    public int? Sessions { get; set; }

    /// <summary>How many days a pass of this package is valid.</summary>
    public int ValidDays { get; set; }
}
