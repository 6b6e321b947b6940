using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Server.Auth;
using Tessera.Server.Executions;
using Tessera.Storage;
using Tessera.Storage.Executions;
using Tessera.Storage.Identity;

namespace Tessera.Server.Api;

/// <summary>Server-Sent Events: <c>/executions/{id}/events</c> (replay, then live) and <c>/events?projectId</c> (live).</summary>
internal static class EventEndpoints
{
    public static IEndpointRouteBuilder MapEventEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/executions/{id}/events", ExecutionEventsAsync).WithTags("Executions").RequireAuthenticatedUser();
        api.MapGet("/events", ProjectEventsAsync).WithTags("Executions").RequireAuthenticatedUser();
        return api;
    }

    private static async Task ExecutionEventsAsync(string id, HttpContext context, ICaller caller, TesseraStorage storage, ExecutionEventHub hub, CancellationToken ct)
    {
        var (summary, _, denied) = await new ExecutionAccess(storage, caller).LoadAsync(id, ProjectRole.Viewer, ct);
        if (denied is not null)
        {
            await denied.ExecuteAsync(context);
            return;
        }

        var live = hub.SubscribeExecution(id, ct);
        await StartAsync(context);
        if (live is not null)
        {
            await PumpAsync(context, live, ct);
            return;
        }

        // Not run in this process (or long finished): replay the journal; a finished execution's stream then ends.
        var started = new Dictionary<(string, int), DateTimeOffset>();
        await foreach (var e in storage.Executions.ReadAsync(id, ct))
        {
            if (ExecutionEventMapper.Map(e, started) is { } mapped)
            {
                await WriteAsync(context, mapped, ct);
            }
        }

        if (summary!.Status is ExecutionState.Running or ExecutionState.Waiting && hub.SubscribeExecution(id, ct) is { } later)
        {
            await PumpAsync(context, later, ct);
        }
    }

    private static async Task ProjectEventsAsync(string? projectId, HttpContext context, ICaller caller, ExecutionEventHub hub, CancellationToken ct)
    {
        if (projectId is not null && caller.Demand(ProjectRole.Viewer, projectId) is { } denied)
        {
            await denied.ExecuteAsync(context);
            return;
        }

        IReadOnlySet<string>? projects = projectId is not null ? new HashSet<string>([projectId], StringComparer.Ordinal)
            : caller.Roles is { } roles ? new HashSet<string>(roles.Keys, StringComparer.Ordinal)
            : null;
        var reader = hub.SubscribeProjects(projects, ct);
        await StartAsync(context);
        await PumpAsync(context, reader, ct);
    }

    private static async Task StartAsync(HttpContext context)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";

        // A comment line first, so clients (and proxies) see the stream open before the first event.
        await context.Response.WriteAsync(": connected\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private static async Task PumpAsync(HttpContext context, ChannelReader<ServerEvent> reader, CancellationToken ct)
    {
        try
        {
            await foreach (var e in reader.ReadAllAsync(ct))
            {
                await WriteAsync(context, e, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (ChannelClosedException)
        {
            // The client fell behind; it reconnects and replays.
        }
    }

    private static async Task WriteAsync(HttpContext context, ServerEvent e, CancellationToken ct)
    {
        await context.Response.WriteAsync($"event: {e.Type}\ndata: {e.DataJson}\n\n", ct);
        await context.Response.Body.FlushAsync(ct);
    }
}
