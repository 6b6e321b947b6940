using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Tessera.Server.Api;

/// <summary>
/// RFC 9457 problem details with a stable <c>type</c> per error (<c>https://tessera.dev/problems/&lt;slug&gt;</c>), so
/// clients branch on the type, never on the message.
/// </summary>
public static class ProblemResults
{
    /// <summary>The base of every problem type URI.</summary>
    public const string TypeBase = "https://tessera.dev/problems/";

    /// <summary>A problem response.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="slug">The stable error type, e.g. <c>validation-failed</c>.</param>
    /// <param name="title">A short, fixed summary of the type.</param>
    /// <param name="detail">What went wrong in this case and how to fix it.</param>
    /// <param name="extensions">Extra members (e.g. <c>errors</c>, <c>currentVersionId</c>).</param>
    public static IResult Problem(int status, string slug, string title, string? detail = null, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(new ProblemDetails
        {
            Status = status,
            Type = TypeBase + slug,
            Title = title,
            Detail = detail,
            Extensions = extensions ?? new Dictionary<string, object?>(),
        });

    /// <summary>404 for a missing resource.</summary>
    public static IResult NotFound(string what, string id) =>
        Problem(StatusCodes.Status404NotFound, "not-found", "Not found", $"No {what} with id '{id}'.");

    /// <summary>400 for a request the server cannot use.</summary>
    public static IResult BadRequest(string detail, IDictionary<string, object?>? extensions = null) =>
        Problem(StatusCodes.Status400BadRequest, "bad-request", "Bad request", detail, extensions);

    /// <summary>401: no or invalid credentials.</summary>
    public static IResult Unauthorized(string detail) =>
        Problem(StatusCodes.Status401Unauthorized, "unauthorized", "Authentication required", detail);

    /// <summary>403: the caller is known but may not do this.</summary>
    public static IResult Forbidden(string detail) =>
        Problem(StatusCodes.Status403Forbidden, "forbidden", "Forbidden", detail);

    /// <summary>409: the request collides with the current state.</summary>
    public static IResult Conflict(string detail) =>
        Problem(StatusCodes.Status409Conflict, "conflict", "Conflict", detail);

    /// <summary>409: the resource changed since the caller read it.</summary>
    public static IResult VersionConflict(string detail, string currentVersionId) =>
        Problem(StatusCodes.Status409Conflict, "version-conflict", "Version conflict", detail, new Dictionary<string, object?> { ["currentVersionId"] = currentVersionId });

    /// <summary>400: the body is readable but wrong; lists every problem at once.</summary>
    public static IResult ValidationFailed(IEnumerable<FieldError> errors, string? detail = null)
    {
        var list = errors.ToList();
        return Problem(
            StatusCodes.Status400BadRequest,
            "validation-failed",
            "Validation failed",
            detail ?? string.Join(" ", list.Select(e => string.IsNullOrEmpty(e.Path) ? e.Message : $"{e.Path}: {e.Message}")),
            new Dictionary<string, object?> { ["errors"] = list });
    }

    /// <summary>400 for one bad field.</summary>
    public static IResult ValidationFailed(string path, string message) => ValidationFailed([new FieldError(path, message)]);

    /// <summary>429: too many attempts; try again after <paramref name="retryAfter"/>.</summary>
    public static IResult RateLimited(string detail, TimeSpan retryAfter) =>
        new RetryAfterResult(Problem(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests", detail), retryAfter);

    internal static async Task WriteUnhandledAsync(HttpContext context)
    {
        // Never a stack trace to the user: the detail is generic; the exception goes to the server log.
        var status = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error switch
        {
            BadHttpRequestException bad => bad.StatusCode,
            _ => StatusCodes.Status500InternalServerError,
        };
        await WriteAsync(context, status, status == 500 ? "internal-error" : "bad-request",
            status == 500 ? "Internal error" : "Bad request",
            status == 500 ? "The server failed while handling this request; the error is in the server log." : "The request could not be read.").ConfigureAwait(false);
    }

    internal static Task WriteStatusAsync(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var (slug, title) = status switch
        {
            400 => ("bad-request", "Bad request"),
            401 => ("unauthorized", "Authentication required"),
            403 => ("forbidden", "Forbidden"),
            404 => ("not-found", "Not found"),
            405 => ("method-not-allowed", "Method not allowed"),
            413 => ("payload-too-large", "Payload too large"),
            415 => ("unsupported-media-type", "Unsupported media type"),
            429 => ("rate-limited", "Too many requests"),
            503 => ("over-capacity", "Over capacity"),
            _ => ("http-" + status, "HTTP " + status),
        };
        var detail = status switch
        {
            400 => "The request could not be read; send a JSON body (Content-Type: application/json) that matches the API description at /api/v1/openapi.json.",
            413 => "The request body is larger than the server accepts (ServerOptions.MaxRequestBodyBytes).",
            415 => "Send the body as JSON with Content-Type: application/json.",
            _ => null,
        };
        return WriteAsync(context, status, slug, title, detail);
    }

    private static Task WriteAsync(HttpContext context, int status, string slug, string title, string? detail)
    {
        context.Response.StatusCode = status;
        return Results.Problem(new ProblemDetails { Status = status, Type = TypeBase + slug, Title = title, Detail = detail }).ExecuteAsync(context);
    }
}

/// <summary>One problem with a request field: where (a JSON path such as <c>nodes[2].type</c>) and what.</summary>
/// <param name="Path">Where in the body.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record FieldError(string Path, string Message);

/// <summary>Adds a <c>Retry-After</c> header to a result.</summary>
internal sealed class RetryAfterResult(IResult inner, TimeSpan retryAfter) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return inner.ExecuteAsync(httpContext);
    }
}
