using System.Globalization;
using Tessera.Engine.Data;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Http;

/// <summary>
/// An outbound call failed: the service answered with an error status, or could not be reached. Carries the status,
/// the response body and the request (with credentials shown as <c>**hidden**</c>), like n8n's <c>NodeApiError</c>.
/// </summary>
public sealed class NodeApiException : NodeOperationException
{
    /// <summary>Creates the exception.</summary>
    public NodeApiException(string message, int? itemIndex, string? description, int? httpCode, string? responseBody, JsObject request, Exception? inner = null)
        : base(message, itemIndex, description, inner)
    {
        HttpCode = httpCode;
        ResponseBody = responseBody;
        Request = request;
    }

    /// <summary>The HTTP status the service answered with; null when no response arrived.</summary>
    public override int? HttpCode { get; }

    /// <summary>The response body as text (credentials masked), when there was one.</summary>
    public string? ResponseBody { get; }

    /// <summary>The request: <c>{ method, url, headers, qs, body? }</c> with secrets masked.</summary>
    public JsObject Request { get; }

    /// <inheritdoc />
    public override string ErrorName => "NodeApiError";

    /// <summary>n8n's message for an HTTP status.</summary>
    public static string MessageForStatus(int status) => status switch
    {
        400 => "Bad request - please check your parameters",
        401 => "Authorization failed - please check your credentials",
        402 => "Payment required - perhaps check your payment details?",
        403 => "Forbidden - perhaps check your credentials?",
        404 => "The resource you are requesting could not be found",
        405 => "Method not allowed - please check you are using the right HTTP method",
        429 => "The service is receiving too many requests from you",
        500 => "The service was not able to process your request",
        502 => "Bad gateway - the service failed to handle your request",
        503 => "Service unavailable - try again later or consider setting this node to retry automatically (in the node settings)",
        504 => "Gateway timed out - perhaps try again later?",
        >= 500 => "The service failed to process your request",
        >= 400 => "Your request is invalid or could not be processed by the service",
        _ => "Request failed with status code " + status.ToString(CultureInfo.InvariantCulture),
    };
}
