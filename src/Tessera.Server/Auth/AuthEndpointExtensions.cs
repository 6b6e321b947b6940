using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tessera.Server.Api;

namespace Tessera.Server.Auth;

/// <summary>Marks endpoints that need a signed-in caller; <see cref="CallerMiddleware"/> enforces it before the body is read.</summary>
public static class AuthEndpointExtensions
{
    /// <summary>Requires a session cookie or API key: 401 <c>unauthorized</c> otherwise. Works on a group or a single endpoint.</summary>
    public static TBuilder RequireAuthenticatedUser<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(RequireCallerMetadata.Instance);

    /// <summary>Lets one endpoint inside a protected group through without credentials (it may still read the caller).</summary>
    public static TBuilder AllowAnonymousCaller<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(AllowAnonymousCallerMetadata.Instance);
}

internal sealed class RequireCallerMetadata
{
    public static readonly RequireCallerMetadata Instance = new();
}

internal sealed class AllowAnonymousCallerMetadata
{
    public static readonly AllowAnonymousCallerMetadata Instance = new();
}

/// <summary>Authenticates requests to endpoints marked with <see cref="AuthEndpointExtensions.RequireAuthenticatedUser{TBuilder}"/>.</summary>
internal static class CallerMiddleware
{
    public static IApplicationBuilder UseCallerAuthentication(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var endpoint = context.GetEndpoint();
        var metadata = endpoint?.Metadata;
        if (metadata?.GetMetadata<RequireCallerMetadata>() is not null && metadata.GetMetadata<AllowAnonymousCallerMetadata>() is null)
        {
            var caller = context.RequestServices.GetRequiredService<CallerContext>();
            if (!await caller.AuthenticateAsync(context).ConfigureAwait(false))
            {
                await ProblemResults.Unauthorized("Sign in (POST /api/v1/auth/login) or send an API key in the X-Tessera-Api-Key header.").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
        }

        await next(context).ConfigureAwait(false);
    });
}
