using Batch.Dashboard.Pages;
using Batch.Hosting;
using Batch.Launch;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Batch.Dashboard.Actions;

/// <summary>
/// The actions, each a POST guarded by <see cref="ActionGuard"/>: stop and abandon act at once through the job operator; restart
/// and run-next launch the job in the background (<see cref="DashboardLaunches"/>) after checking what would refuse it.
/// A form post answers with a redirect to the page (303) and a message; a scripted post (key header) with the message as text.
/// </summary>
internal static class DashboardActions
{
    public static Task StopAsync(HttpContext http, long id) => ActAsync(http, async (request, op) =>
    {
        try
        {
            var saved = await op.StopAsync(id, request.Aborted).ConfigureAwait(false);
            return Outcome.Done(
                saved.Status == BatchStatus.Stopping
                    ? $"Stop requested: execution #{id} stops at its next chunk boundary."
                    : $"Execution #{id} had no live process; it is marked {saved.Status.ToCode()}.",
                $"/executions/{id}");
        }
        catch (NoSuchJobExecutionException)
        {
            return Outcome.Fail(StatusCodes.Status404NotFound, $"There is no job execution with id {id}.");
        }
        catch (JobExecutionNotRunningException e)
        {
            return Outcome.Fail(StatusCodes.Status409Conflict, e.Message);
        }
    });

    public static Task AbandonAsync(HttpContext http, long id) => ActAsync(http, async (request, op) =>
    {
        var silentFor = http.RequestServices.GetService<IOptions<BatchOptions>>()?.Value.RecoverStaleAfter ?? BatchOptions.DefaultRecoverStaleAfter;
        try
        {
            await op.MarkEndedAsync(id, BatchStatus.Abandoned, silentFor, request.Aborted).ConfigureAwait(false);
            return Outcome.Done($"Execution #{id} is ABANDONED: its instance will not run again.", $"/executions/{id}");
        }
        catch (NoSuchJobExecutionException)
        {
            return Outcome.Fail(StatusCodes.Status404NotFound, $"There is no job execution with id {id}.");
        }
        catch (Exception e) when (e is JobExecutionAlreadyRunningException or JobRestartException)
        {
            return Outcome.Fail(StatusCodes.Status409Conflict, e.Message);
        }
    });

    public static Task RestartAsync(HttpContext http, long id) => ActAsync(http, async (request, op) =>
    {
        if (await request.Explorer.GetJobExecutionAsync(id, request.Aborted).ConfigureAwait(false) is not { } execution)
        {
            return Outcome.Fail(StatusCodes.Status404NotFound, $"There is no job execution with id {id}.");
        }

        var refusal = execution.Status switch
        {
            _ when execution.IsRunning => $"Execution #{id} is still {execution.Status.ToCode()}: stop it first (or, if its process died, mark it failed).",
            BatchStatus.Completed => $"Execution #{id} COMPLETED: there is nothing to restart (use 'Run next instance' for a new run).",
            BatchStatus.Abandoned => $"Execution #{id} was ABANDONED, which is final: its instance never runs again.",
            _ => null,
        };
        if (refusal is not null)
        {
            return Outcome.Fail(StatusCodes.Status409Conflict, refusal);
        }

        if (request.Registry?.JobNames.Contains(execution.JobName) != true)
        {
            return Outcome.Fail(StatusCodes.Status409Conflict, $"The job '{execution.JobName}' is not registered in this application, so it cannot run here.");
        }

        var launch = http.RequestServices.GetRequiredService<DashboardLaunches>().Start($"restart of execution #{id}", (options, ct) => op.RestartAsync(id, options, ct));
        return await LaunchedAsync(launch, request, $"Restart of execution #{id}", "/jobs/" + Uri.EscapeDataString(execution.JobName)).ConfigureAwait(false);
    });

    public static Task NextAsync(HttpContext http, string job) => ActAsync(http, async (request, op) =>
    {
        if (request.Registry?.JobNames.Contains(job) != true)
        {
            return Outcome.Fail(StatusCodes.Status404NotFound, $"No job named '{job}' is registered in this application.");
        }

        var launch = http.RequestServices.GetRequiredService<DashboardLaunches>().Start($"next instance of '{job}'", (options, ct) => op.StartNextInstanceAsync(job, null, options, ct));
        return await LaunchedAsync(launch, request, $"The next instance of '{job}'", "/jobs/" + Uri.EscapeDataString(job)).ConfigureAwait(false);
    });

    /// <summary>Waits until the launch has created its execution (done: its id) or was refused (409 with the reason).</summary>
    private static async Task<Outcome> LaunchedAsync(Task<JobExecution> launch, DashboardRequest request, string what, string page)
    {
        try
        {
            var execution = await launch.WaitAsync(request.Aborted).ConfigureAwait(false);
            return Outcome.Done($"{what} launched: execution #{execution.Id}, which appears in the job's list.", page);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !request.Aborted.IsCancellationRequested)
        {
            return Outcome.Fail(StatusCodes.Status409Conflict, $"{what} was refused: {ex.Message}");
        }
    }

    private static async Task ActAsync(HttpContext http, Func<DashboardRequest, IJobOperator, ValueTask<Outcome>> act)
    {
        var request = DashboardRequest.For(http);
        if (await ActionGuard.RefusalAsync(request).ConfigureAwait(false) is { } refusal)
        {
            await WriteAsync(request, new Outcome(StatusCodes.Status403Forbidden, refusal, null)).ConfigureAwait(false);
            return;
        }

        var op = request.Operator
            ?? throw new InvalidOperationException("The Batch dashboard found no IJobOperator: call services.AddBatch(...) before services.AddBatchDashboard().");
        await WriteAsync(request, await act(request, op).ConfigureAwait(false)).ConfigureAwait(false);
    }

    private static async Task WriteAsync(DashboardRequest request, Outcome outcome)
    {
        var response = request.Http.Response;
        var fromForm = request.Http.Request.HasFormContentType && !request.Http.Request.Headers.ContainsKey(ActionGuard.KeyHeader);
        if (outcome.StatusCode < 300 && fromForm && outcome.Page is { } page)
        {
            response.StatusCode = StatusCodes.Status303SeeOther;
            // Signed, so a page shows only the notices the dashboard wrote (not a text someone put in a link).
            response.Headers.Location = request.Url(page) + "?message=" + Uri.EscapeDataString(outcome.Message)
                + "&sig=" + Pages.NoticeSignature.Sign(outcome.Message);
            return;
        }

        response.StatusCode = outcome.StatusCode;
        if (fromForm)
        {
            await ErrorPage.WriteAsync(request, outcome.StatusCode == StatusCodes.Status403Forbidden ? "Refused" : "Not done", outcome.Message).ConfigureAwait(false);
            return;
        }

        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync(outcome.Message + "\n", request.Aborted).ConfigureAwait(false);
    }

    private sealed record Outcome(int StatusCode, string Message, string? Page)
    {
        public static Outcome Done(string message, string page) => new(StatusCodes.Status200OK, message, page);

        public static Outcome Fail(int statusCode, string message) => new(statusCode, message, null);
    }
}
