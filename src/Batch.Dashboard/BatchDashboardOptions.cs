namespace Batch.Dashboard;

/// <summary>
/// Settings of the Batch dashboard (<c>services.AddBatchDashboard(o =&gt; ...)</c>). The dashboard is read-only unless
/// <see cref="EnableActions"/> is set; then every action needs the <see cref="AccessKey"/> or the <see cref="AuthorizationPolicy"/>.
/// </summary>
public sealed class BatchDashboardOptions
{
    /// <summary>The default <see cref="PathBase"/>: <c>/batch</c>.</summary>
    public const string DefaultPathBase = "/batch";

    /// <summary>
    /// Where <c>MapBatchDashboard()</c> mounts the dashboard when it is given no pattern (default <c>/batch</c>); a pattern given to
    /// <c>MapBatchDashboard</c> wins.
    /// </summary>
    public string PathBase { get; set; } = DefaultPathBase;

    /// <summary>
    /// Whether the dashboard offers actions (stop, restart, abandon, run the next instance). Off by default: the dashboard only
    /// reads. When on, every action is a POST that needs <see cref="AccessKey"/> or <see cref="AuthorizationPolicy"/>, and a form
    /// post also an anti-forgery token.
    /// </summary>
    public bool EnableActions { get; set; }

    /// <summary>
    /// The secret an action must present, in the <c>X-Batch-Key</c> header or the form's key field (compared in constant time).
    /// Null for none: then <see cref="AuthorizationPolicy"/> must be set for actions.
    /// </summary>
    public string? AccessKey { get; set; }

    /// <summary>
    /// The name of an ASP.NET Core authorization policy that allows actions without the key (the user signed in through the
    /// application's own authentication). Null for none.
    /// </summary>
    public string? AuthorizationPolicy { get; set; }

    /// <summary>Executions per page on the executions list (default 25).</summary>
    public int ExecutionsPageSize { get; set; } = 25;

    /// <summary>Recent executions on the main page (default 10).</summary>
    public int OverviewExecutions { get; set; } = 10;

    /// <summary>Executions in a job's duration chart (default 50, the newest).</summary>
    public int HistoryChartExecutions { get; set; } = 50;

    /// <summary>Earlier completed executions of a job read to project a running step's end (default 5, the newest).</summary>
    public int ProjectionExecutions { get; set; } = 5;

    /// <summary>How often the pages refresh the progress of running steps (default 2 s).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The fewest characters an <see cref="AccessKey"/> may have (16).</summary>
    public const int MinimumAccessKeyLength = 16;

    /// <summary>Throws when the settings cannot work, with a message naming the setting to fix.</summary>
    /// <exception cref="InvalidOperationException">A setting is out of range, the access key is shorter than <see cref="MinimumAccessKeyLength"/>, or actions are enabled without a key or a policy.</exception>
    public void Validate()
    {
        if (EnableActions && string.IsNullOrEmpty(AccessKey) && string.IsNullOrEmpty(AuthorizationPolicy))
        {
            throw new InvalidOperationException(
                "The Batch dashboard has EnableActions = true but neither an AccessKey nor an AuthorizationPolicy: anyone could stop or restart jobs. " +
                "Set BatchDashboardOptions.AccessKey (a long random secret) or AuthorizationPolicy (the name of a policy), or leave EnableActions false.");
        }

        if (!string.IsNullOrEmpty(AccessKey) && AccessKey.Length < MinimumAccessKeyLength)
        {
            throw new InvalidOperationException(
                $"The Batch dashboard's AccessKey has {AccessKey.Length} characters; use at least {MinimumAccessKeyLength}, a random secret " +
                "(for example the output of 'openssl rand -base64 32'), since it is all that stands between a browser and stop, restart and abandon.");
        }

        Positive(ExecutionsPageSize, nameof(ExecutionsPageSize));
        Positive(OverviewExecutions, nameof(OverviewExecutions));
        Positive(HistoryChartExecutions, nameof(HistoryChartExecutions));
        Positive(ProjectionExecutions, nameof(ProjectionExecutions));
        if (RefreshInterval < TimeSpan.FromMilliseconds(100))
        {
            throw new InvalidOperationException($"BatchDashboardOptions.RefreshInterval is {RefreshInterval}; use at least 00:00:00.1.");
        }

        if (string.IsNullOrEmpty(PathBase) || PathBase[0] != '/')
        {
            throw new InvalidOperationException($"BatchDashboardOptions.PathBase is '{PathBase}'; it must start with '/', for example '/batch'.");
        }
    }

    private static void Positive(int value, string name)
    {
        if (value is < 1 or > 1000)
        {
            throw new InvalidOperationException($"BatchDashboardOptions.{name} is {value}; use a number from 1 to 1000.");
        }
    }
}
