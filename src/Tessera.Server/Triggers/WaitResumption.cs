using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Server.Api;
using Tessera.Storage;
using Tessera.Storage.Durable;

namespace Tessera.Server.Triggers;

/// <summary>
/// Wakes parked executions: a Wait node's resume URL (<c>/webhook-waiting/&lt;token&gt;</c>, <c>$execution.resumeUrl</c>)
/// continues its run with the request as the Wait node's output, and a timer loop resumes timed waits (and webhook
/// waits past their time limit) when they are due.
/// </summary>
internal sealed class WaitResumption(ExecutionService executions, TesseraStorage storage, ServerOptions options, ServerLog log) : BackgroundService
{
    /// <summary>The route prefix of resume URLs.</summary>
    public const string PathPrefix = "/webhook-waiting";

    /// <summary>How often due timers are looked for.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await executions.RunTimerLoopAsync(PollInterval, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Handles a call of a resume URL.</summary>
    public async Task HandleAsync(HttpContext http, string token)
    {
        var parked = await storage.Waits.FindByResumeTokenAsync(token, http.RequestAborted).ConfigureAwait(false);
        if (parked is null || parked.Kind is not ("webhook" or "form"))
        {
            await ProblemResults.Problem(
                StatusCodes.Status404NotFound, "resume-url-unknown", "Nothing waits for this URL",
                "No execution is waiting on this resume URL: it was resumed already, its wait timed out, or the link is wrong.").ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        if (http.Request.ContentLength > options.MaxRequestBodyBytes)
        {
            await ProblemResults.Problem(
                StatusCodes.Status413PayloadTooLarge, "payload-too-large", "Payload too large",
                $"The request body is larger than the {options.MaxRequestBodyBytes:N0} bytes allowed.").ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        var item = await ReadItemAsync(http.Request).ConfigureAwait(false);

        // The run goes on in the background, as after a webhook answering "immediately"; a second call of the same URL
        // finds nothing parked (the service lets only one resumer win).
        _ = Task.Run(async () =>
        {
            try
            {
                await executions.ResumeByTokenAsync(token, [item], CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                log.Write($"Execution {parked.ExecutionId} could not be resumed from its resume URL: {e.Message}");
            }
        });
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync("""{"message":"Workflow was resumed"}""").ConfigureAwait(false);
    }

    // n8n's webhook item shape: headers, params, query and the body (JSON when it parses as JSON, else text).
    private static async Task<Item> ReadItemAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
        JsValue body = new JsObject();
        if (text.Length > 0)
        {
            try
            {
                body = JsonCodec.Parse(text);
            }
            catch (JsonFormatException)
            {
                body = text;
            }
        }

        var headers = new JsObject();
        foreach (var (name, value) in request.Headers)
        {
            headers[name.ToLowerInvariant()] = value.ToString();
        }

        var query = new JsObject();
        foreach (var (name, value) in request.Query)
        {
            query[name] = value.ToString();
        }

        return new Item(new JsObject { ["headers"] = headers, ["params"] = new JsObject(), ["query"] = query, ["body"] = body });
    }
}
