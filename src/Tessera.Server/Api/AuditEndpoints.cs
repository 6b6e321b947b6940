using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Server.Auth;
using Tessera.Storage.Audit;

namespace Tessera.Server.Api;

/// <summary><c>GET /api/v1/audit</c> and <c>POST /api/v1/audit/verify</c> (docs/api.md, "Audit log").</summary>
internal static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/audit").WithTags("Audit").RequireAuthenticatedUser();
        api.MapGet("/", ListAsync);
        api.MapPost("/verify", async (ICaller caller, IAuditLog audit, CancellationToken cancellationToken) =>
        {
            if (caller.DemandOwner() is { } denied)
            {
                return denied;
            }

            var result = await audit.VerifyAsync(cancellationToken).ConfigureAwait(false);
            return Results.Ok(new { ok = result.Ok, @checked = result.Checked, firstBadSeq = result.FirstBadSeq, problem = result.Problem });
        });
        return routes;
    }

    private static async Task<IResult> ListAsync(int? limit, string? cursor, string? action, string? actor, string? projectId, string? target, ICaller caller, IAuditLog audit, CancellationToken cancellationToken)
    {
        if (caller.DemandOwner() is { } denied)
        {
            return denied;
        }

        if (limit is < 1 or > 1000)
        {
            return ProblemResults.BadRequest($"limit {limit} is out of range; use 1–1000.");
        }

        try
        {
            var page = await audit.ListAsync(new AuditQuery { Limit = limit ?? 50, Cursor = cursor, Action = action, Actor = actor, ProjectId = projectId, Target = target }, cancellationToken).ConfigureAwait(false);
            return Results.Ok(new
            {
                items = page.Items.Select(e => new
                {
                    seq = e.Seq,
                    at = e.At,
                    actor = e.Actor,
                    action = e.Action,
                    target = e.Target,
                    projectId = e.ProjectId,
                    details = System.Text.Json.JsonDocument.Parse(e.DetailsJson).RootElement,
                    hash = e.Hash,
                }),
                nextCursor = page.NextCursor,
            });
        }
        catch (ArgumentException e)
        {
            return ProblemResults.BadRequest(e.Message);
        }
    }
}
