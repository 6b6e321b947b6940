using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Tessera.Engine.Credentials;
using Tessera.Engine.Data;
using Tessera.Engine.Execution;
using Tessera.Engine.Workflows;
using Tessera.Nodes.Triggers;
using Tessera.Server.Api;
using Tessera.Server.Execution;

namespace Tessera.Server.Triggers.Webhooks;

/// <summary>
/// Serves <c>/webhook/{path}</c> and <c>/webhook-test/{path}</c>: finds the workflow, applies the node's bot filter,
/// CORS and authentication, turns the request into an item, waits for a queue slot and answers in the node's response
/// mode (immediately, when the last node finishes, or from a Respond to Webhook node).
/// </summary>
internal sealed class WebhookHandler(
    WebhookRegistry registry,
    TestWebhookListeners tests,
    WebhookResponses responses,
    TriggerRunner runner,
    ServerOptions options,
    IServiceProvider services)
{
    private static readonly byte[] WorkflowStarted = Encoding.UTF8.GetBytes("{\"message\":\"Workflow was started\"}");
    private static readonly byte[] WorkflowError = Encoding.UTF8.GetBytes("{\"message\":\"Error in workflow\"}");
    private static readonly byte[] WorkflowSucceeded = Encoding.UTF8.GetBytes("{\"message\":\"Workflow executed successfully\"}");

    public async Task HandleAsync(HttpContext http, bool test)
    {
        var request = http.Request;
        var routePath = http.Request.RouteValues["path"] as string;
        var rawTarget = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? string.Empty;
        var segments = WebhookPath.Split(routePath, out var pathError);
        if (segments is null || rawTarget.Contains("..", StringComparison.Ordinal) || rawTarget.Contains("%2e%2e", StringComparison.OrdinalIgnoreCase))
        {
            await Problem(http, segments is null && pathError == "The webhook path is empty." ? 404 : 400, segments is null && pathError == "The webhook path is empty." ? "not-found" : "bad-request",
                segments is null ? pathError + " Call /webhook/<path> with the path set on the Webhook node." : "The request path climbs out of the webhook folder; call /webhook/<path> with the path set on the Webhook node.").ConfigureAwait(false);
            return;
        }

        var method = request.Method.ToUpperInvariant();
        var lookupMethod = method == "OPTIONS" ? "GET" : method;
        WebhookMatch match;
        TaskCompletionSource<ExecutionResult?>? testCompletion = null;
        if (test)
        {
            (match, testCompletion) = method == "OPTIONS" ? (FindPreflight(segments, test), null) : tests.Take(lookupMethod, segments);
        }
        else
        {
            match = method == "OPTIONS" ? FindPreflight(segments, test) : registry.Find(lookupMethod, segments);
        }

        if (match.Registration is not { } registration)
        {
            if (match.AllowedMethods.Count > 0)
            {
                http.Response.Headers.Allow = string.Join(", ", match.AllowedMethods);
                await Problem(http, 405, "method-not-allowed", $"This webhook is not registered for {method} requests; use {string.Join(" or ", match.AllowedMethods)}.").ConfigureAwait(false);
                return;
            }

            await Problem(http, 404, "not-found", test
                ? $"The requested webhook \"{method} {string.Join('/', segments)}\" is not registered. Click 'Listen for test event' in the editor, then call it once."
                : $"The requested webhook \"{method} {string.Join('/', segments)}\" is not registered. Activate the workflow that holds the Webhook node with this path and method.").ConfigureAwait(false);
            return;
        }

        try
        {
            await HandleMatchAsync(http, registration, match.Parameters, method, test, testCompletion).ConfigureAwait(false);
        }
        finally
        {
            // A test arm consumed by a request that never ran (rejected, bad input) ends without a result.
            testCompletion?.TrySetResult(null);
        }
    }

    private WebhookMatch FindPreflight(string[] segments, bool test)
    {
        if (test)
        {
            return new WebhookMatch(null, [], []);
        }

        foreach (var method in WebhookSettings.AllMethods)
        {
            var match = registry.Find(method, segments);
            if (match.Registration is not null)
            {
                return match;
            }
        }

        return new WebhookMatch(null, [], []);
    }

    private async Task HandleMatchAsync(HttpContext http, WebhookRegistration registration, Dictionary<string, string> parameters, string method, bool test, TaskCompletionSource<ExecutionResult?>? testCompletion)
    {
        var node = registration.Node;
        var nodeOptions = node.Parameters["options"].TryGetObject() ?? new JsObject();
        var request = http.Request;

        ApplyCors(http, nodeOptions, registration.Methods);
        if (method == "OPTIONS")
        {
            http.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        if (nodeOptions["ignoreBots"].AsBoolean() && BotDetector.IsBot(request.Headers.UserAgent.ToString()))
        {
            await Problem(http, 403, "forbidden", "Requests from bots are ignored by this webhook (option 'Ignore Bots').").ConfigureAwait(false);
            return;
        }

        var credentials = services.GetService(typeof(ICredentialProvider)) as ICredentialProvider
            ?? runner.EngineServices.GetService(typeof(ICredentialProvider)) as ICredentialProvider;
        var auth = await WebhookAuthentication.CheckAsync(node, name => request.Headers.TryGetValue(name, out var v) ? v.ToString() : null, credentials, options.Time.GetUtcNow(), http.RequestAborted).ConfigureAwait(false);
        if (!auth.Allowed)
        {
            if (auth.Challenge is not null)
            {
                http.Response.Headers.WWWAuthenticate = auth.Challenge;
            }

            await Problem(http, auth.StatusCode, auth.StatusCode switch { 401 => "unauthorized", 403 => "forbidden", _ => "internal-error" }, auth.Message).ConfigureAwait(false);
            return;
        }

        var webhookUrl = $"{request.Scheme}://{request.Host}/{(test ? "webhook-test" : "webhook")}/{registration.Path.Text}";
        Engine.Items.Item item;
        try
        {
            item = await WebhookRequestReader.ReadAsync(http, node, parameters, webhookUrl, test, options.MaxRequestBodyBytes, http.RequestAborted).ConfigureAwait(false);
        }
        catch (WebhookRequestException e)
        {
            await Problem(http, e.StatusCode, e.Slug, e.Message).ConfigureAwait(false);
            return;
        }

        if (auth.JwtPayload.Kind != JsKind.Undefined)
        {
            item.Json["jwtPayload"] = auth.JwtPayload;
        }

        // Before the queue slot: a slot taken must always reach the run that releases it.
        var executionId = await runner.NewExecutionIdAsync(http.RequestAborted).ConfigureAwait(false);
        ExecutionLease lease;
        try
        {
            lease = await runner.Queue.EnterAsync(registration.ProjectId, registration.WorkflowId, http.RequestAborted).ConfigureAwait(false);
        }
        catch (ExecutionQueueRejectedException e)
        {
            http.Response.Headers.RetryAfter = ((int)e.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            await Problem(http, e.StatusCode, e.StatusCode == 503 ? "over-capacity" : "rate-limited", e.Message).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var responseMode = node.Parameters["responseMode"].TryGetString() ?? "onReceived";
        var pending = responses.Track(executionId, method, responseMode == "responseNode");
        var run = new TriggerRun(executionId, registration.WorkflowId, registration.ProjectId, registration.Workflow, test ? ExecutionModes.Manual : ExecutionModes.Webhook, node.Name, [item]);
        var execution = RunTrackedAsync(run, lease, pending, testCompletion);

        switch (responseMode)
        {
            case "responseNode":
                await Task.WhenAny(pending.Response.Task, execution).ConfigureAwait(false);
                if (pending.Response.Task.IsCompleted)
                {
                    await WriteAsync(http, await pending.Response.Task.ConfigureAwait(false)).ConfigureAwait(false);
                    return;
                }

                var finished = await execution.ConfigureAwait(false);
                await WriteAsync(http, finished is { Status: ExecutionStatus.Error } or null
                    ? new WebhookResponse { StatusCode = 500, ContentType = "application/json; charset=utf-8", Body = WorkflowError }
                    : new WebhookResponse { StatusCode = 200, ContentType = "application/json; charset=utf-8", Body = WorkflowSucceeded }).ConfigureAwait(false);
                return;

            case "lastNode":
                var result = await execution.ConfigureAwait(false);
                await WriteAsync(http, LastNodeResponse(node, nodeOptions, result)).ConfigureAwait(false);
                return;

            default:
                await WriteAsync(http, OnReceivedResponse(node, nodeOptions)).ConfigureAwait(false);
                return;
        }
    }

    private async Task<ExecutionResult?> RunTrackedAsync(TriggerRun run, ExecutionLease lease, WebhookResponses.Pending pending, TaskCompletionSource<ExecutionResult?>? testCompletion)
    {
        // Off the request's thread: the run outlives an "immediately" response and a client that hangs up.
        await Task.Yield();
        try
        {
            var result = await runner.RunAsync(run, lease).ConfigureAwait(false);
            testCompletion?.TrySetResult(result);
            return result;
        }
        finally
        {
            pending.Dispose();
        }
    }

    private static WebhookResponse OnReceivedResponse(WorkflowNode node, JsObject nodeOptions)
    {
        var code = ResponseCode(node);
        var headers = ResponseHeaders(nodeOptions);
        if (nodeOptions["noResponseBody"].AsBoolean())
        {
            return new WebhookResponse { StatusCode = code, Headers = headers };
        }

        if (nodeOptions["responseData"].TryGetString() is { Length: > 0 } text)
        {
            return new WebhookResponse { StatusCode = code, Headers = headers, ContentType = ContentType(nodeOptions, "text/plain; charset=utf-8"), Body = Encoding.UTF8.GetBytes(text) };
        }

        return new WebhookResponse { StatusCode = code, Headers = headers, ContentType = ContentType(nodeOptions, "application/json; charset=utf-8"), Body = WorkflowStarted };
    }

    private static WebhookResponse LastNodeResponse(WorkflowNode node, JsObject nodeOptions, ExecutionResult? result)
    {
        if (result is null or { Status: ExecutionStatus.Error or ExecutionStatus.Canceled })
        {
            return new WebhookResponse { StatusCode = 500, ContentType = "application/json; charset=utf-8", Body = WorkflowError };
        }

        var code = ResponseCode(node);
        var headers = ResponseHeaders(nodeOptions);
        var items = result.LastOutput;
        var json = "application/json; charset=utf-8";
        switch (node.Parameters["responseData"].TryGetString() ?? "firstEntryJson")
        {
            case "noData":
                return new WebhookResponse { StatusCode = code, Headers = headers };
            case "allEntries":
            {
                var array = new JsArray();
                foreach (var i in items)
                {
                    array.Add(i.Json);
                }

                return new WebhookResponse { StatusCode = code, Headers = headers, ContentType = ContentType(nodeOptions, json), Body = Encoding.UTF8.GetBytes(JsonCodec.Serialize(array)) };
            }

            case "firstEntryBinary":
            {
                var property = node.Parameters["responseBinaryPropertyName"].TryGetString() ?? "data";
                if (items.Count == 0 || items[0].Binary is null || !items[0].Binary!.TryGetValue(property, out var binary))
                {
                    return new WebhookResponse { StatusCode = 500, ContentType = json, Body = Encoding.UTF8.GetBytes(JsonCodec.Serialize(new JsObject { ["message"] = $"The item did not contain binary data under \"{property}\"." })) };
                }

                return new WebhookResponse { StatusCode = code, Headers = headers, ContentType = ContentType(nodeOptions, binary.MimeType), Body = binary.GetBytes() };
            }

            default:
            {
                if (items.Count == 0)
                {
                    return new WebhookResponse { StatusCode = 500, ContentType = json, Body = Encoding.UTF8.GetBytes("{\"message\":\"No item to return got found\"}") };
                }

                JsValue value = items[0].Json;
                if (nodeOptions["responsePropertyName"].TryGetString() is { Length: > 0 } propertyName && items[0].Json.ContainsKey(propertyName))
                {
                    value = items[0].Json.GetPath(propertyName);
                }

                return new WebhookResponse { StatusCode = code, Headers = headers, ContentType = ContentType(nodeOptions, json), Body = Encoding.UTF8.GetBytes(JsonCodec.Serialize(value)) };
            }
        }
    }

    private static int ResponseCode(WorkflowNode node)
    {
        var raw = node.Parameters["responseCode"];
        return raw.IsNumber && raw.AsNumber() is >= 100 and <= 599 ? (int)raw.AsNumber() : 200;
    }

    private static string ContentType(JsObject nodeOptions, string fallback) =>
        nodeOptions["responseContentType"].TryGetString() is { Length: > 0 } type ? type : fallback;

    private static List<KeyValuePair<string, string>> ResponseHeaders(JsObject nodeOptions)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (nodeOptions["responseHeaders"].TryGetObject()?["entries"].TryGetArray() is { } entries)
        {
            foreach (var entry in entries)
            {
                if (entry.TryGetObject() is { } e && e["name"].TryGetString() is { Length: > 0 } name)
                {
                    headers.Add(new(name, JsConvert.ToString(e["value"])));
                }
            }
        }

        return headers;
    }

    private static void ApplyCors(HttpContext http, JsObject nodeOptions, IReadOnlyList<string> methods)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return;
        }

        var allowed = nodeOptions["allowedOrigins"].TryGetString() is { Length: > 0 } list ? list : "*";
        var headers = http.Response.Headers;
        if (allowed.Trim() == "*")
        {
            headers.AccessControlAllowOrigin = "*";
        }
        else if (allowed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(origin, StringComparer.OrdinalIgnoreCase))
        {
            headers.AccessControlAllowOrigin = origin;
            headers.Vary = "Origin";
        }
        else
        {
            return;
        }

        if (http.Request.Method == "OPTIONS")
        {
            headers.AccessControlAllowMethods = string.Join(", ", methods.Append("OPTIONS"));
            headers.AccessControlAllowHeaders = http.Request.Headers.AccessControlRequestHeaders.ToString() is { Length: > 0 } requested ? requested : "*";
            headers.AccessControlMaxAge = "300";
        }
    }

    private static async Task WriteAsync(HttpContext http, WebhookResponse response)
    {
        if (http.Response.HasStarted)
        {
            return;
        }

        http.Response.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers)
        {
            if (IsSafeHeader(name, value))
            {
                http.Response.Headers.Append(name, value);
            }
        }

        if (response.ContentType is not null)
        {
            http.Response.ContentType = response.ContentType;
        }

        if (response.Body.Length > 0 && http.Request.Method != "HEAD")
        {
            http.Response.ContentLength = response.Body.Length;
            await http.Response.Body.WriteAsync(response.Body, http.RequestAborted).ConfigureAwait(false);
        }
    }

    // Header names and values from workflow data must not split the response (CR/LF) or be invalid tokens.
    private static bool IsSafeHeader(string name, string value) =>
        name.Length > 0 && name.All(c => c > 32 && c < 127 && c != ':') && !value.Any(c => c is '\r' or '\n' or '\0');

    private static Task Problem(HttpContext http, int status, string slug, string detail)
    {
        http.Response.StatusCode = status;
        var title = slug switch
        {
            "not-found" => "Not found",
            "method-not-allowed" => "Method not allowed",
            "unauthorized" => "Authentication required",
            "forbidden" => "Forbidden",
            "payload-too-large" => "Payload too large",
            "over-capacity" => "Over capacity",
            "rate-limited" => "Too many requests",
            "internal-error" => "Internal error",
            _ => "Bad request",
        };
        return ProblemResults.Problem(status, slug, title, detail).ExecuteAsync(http);
    }
}

/// <summary>Recognises common crawlers and link previewers by their User-Agent (n8n's "Ignore Bots" option).</summary>
internal static class BotDetector
{
    private static readonly string[] Markers =
    [
        "bot", "crawler", "spider", "slurp", "facebookexternalhit", "embedly", "preview", "whatsapp", "telegram", "discord",
        "headlesschrome", "lighthouse", "curl/", "wget", "python-requests", "httpclient", "okhttp", "go-http-client", "scrapy",
    ];

    public static bool IsBot(string? userAgent) =>
        !string.IsNullOrWhiteSpace(userAgent) && Markers.Any(m => userAgent.Contains(m, StringComparison.OrdinalIgnoreCase));
}
