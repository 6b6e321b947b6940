using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Tessera.Engine.Data;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Http;

/// <summary>Sends one <see cref="HttpRequestSpec"/> with a timeout and a response-size cap, and turns failures into <see cref="NodeApiException"/>.</summary>
internal static class HttpRequestSender
{
    public static async Task<HttpResponseData> SendAsync(HttpClient client, HttpRequestSpec spec, HttpRequestOptions options, HttpClientPoolOptions limits, int itemIndex, CancellationToken cancellationToken)
    {
        var timeout = options.Timeout ?? limits.DefaultTimeout;
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        using var request = ToMessage(spec, itemIndex);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token).ConfigureAwait(false);
            var body = await ReadCappedAsync(response, spec, limits.MaxResponseBytes, itemIndex, timeoutSource.Token).ConfigureAwait(false);
            var data = new HttpResponseData(
                (int)response.StatusCode,
                response.ReasonPhrase ?? string.Empty,
                HttpResponseData.ReadHeaders(response),
                body,
                response.Content.Headers.ContentType?.ToString(),
                response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
            Check(data, spec, options, itemIndex);
            return data;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new NodeApiException(
                "The connection timed out, consider setting the 'Retry on Fail' option in the node settings", itemIndex,
                $"No response from {spec.Mask(spec.Url)} within {timeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms. Raise the 'Timeout' option if the service is slow.",
                null, null, spec.Describe(), e);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(e, spec, itemIndex);
        }
    }

    private static void Check(HttpResponseData data, HttpRequestSpec spec, HttpRequestOptions options, int itemIndex)
    {
        if (options.NeverError || data.StatusCode is >= 200 and < 300)
        {
            return;
        }

        if (data.StatusCode is >= 300 and < 400)
        {
            if (!options.FollowRedirects)
            {
                return; // Not following redirects was asked for: the 3xx response is the result.
            }

            throw new NodeApiException(
                "Maximum number of redirects exceeded", itemIndex,
                $"The service kept redirecting after {options.MaxRedirects.ToString(CultureInfo.InvariantCulture)} redirects. Raise 'Max Redirects' or check the URL.",
                data.StatusCode, null, spec.Describe());
        }

        var body = spec.Mask(data.BodyText);
        throw new NodeApiException(NodeApiException.MessageForStatus(data.StatusCode), itemIndex, body.Length == 0 ? null : body, data.StatusCode, body, spec.Describe());
    }

    private static NodeApiException Unreachable(HttpRequestException e, HttpRequestSpec spec, int itemIndex)
    {
        var socket = e.InnerException as SocketException ?? e.InnerException?.InnerException as SocketException;
        var message = socket?.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "The service refused the connection - perhaps it is offline",
            SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "The DNS server returned an error, perhaps the server is offline",
            SocketError.ConnectionReset => "The connection to the server was closed unexpectedly, perhaps it is offline. You can retry the request immediately or wait and retry later.",
            SocketError.TimedOut => "The connection timed out, consider setting the 'Retry on Fail' option in the node settings",
            _ when e.HttpRequestError == HttpRequestError.SecureConnectionError => "SSL Issue: consider using the 'Ignore SSL issues' option",
            _ => "The connection cannot be established, this usually occurs due to an incorrect host (domain) value",
        };
        return new NodeApiException(message, itemIndex, spec.Mask(e.Message), null, null, spec.Describe(), e);
    }

    private static async Task<byte[]> ReadCappedAsync(HttpResponseMessage response, HttpRequestSpec spec, long maxBytes, int itemIndex, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } length && length > maxBytes)
        {
            throw TooLarge(spec, maxBytes, itemIndex, response);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(spec, maxBytes, itemIndex, response);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static NodeApiException TooLarge(HttpRequestSpec spec, long maxBytes, int itemIndex, HttpResponseMessage response) => new(
        $"The response is larger than the limit of {FormatBytes(maxBytes)}", itemIndex,
        $"The response from {spec.Mask(spec.Url)} was too large to read. Ask the service for less data (pagination, filters) or raise the host's response size limit.",
        (int)response.StatusCode, null, spec.Describe());

    private static string FormatBytes(long bytes) => bytes >= 1024 * 1024
        ? (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB"
        : bytes.ToString(CultureInfo.InvariantCulture) + " bytes";

    private static HttpRequestMessage ToMessage(HttpRequestSpec spec, int itemIndex)
    {
        var message = new HttpRequestMessage(new HttpMethod(spec.Method), spec.BuildUri());
        message.Content = spec.BodyKind switch
        {
            HttpBodyKind.Json => new StringContent(JsonCodec.Serialize(spec.Json), Encoding.UTF8, "application/json"),
            HttpBodyKind.Form => new FormUrlEncodedContent(spec.Form),
            HttpBodyKind.Multipart => Multipart(spec),
            HttpBodyKind.Raw => Raw(spec),
            _ => null,
        };

        foreach (var (name, value) in spec.Headers)
        {
            if (IsContentHeader(name))
            {
                message.Content ??= new ByteArrayContent([]);
                message.Content.Headers.Remove(name);
                if (!message.Content.Headers.TryAddWithoutValidation(name, value))
                {
                    throw new NodeOperationException($"The header '{name}' has an invalid value.", itemIndex, "Check the Headers parameter.");
                }
            }
            else if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                throw new NodeOperationException($"The header '{name}' is not allowed or has an invalid value.", itemIndex, "Check the Headers parameter.");
            }
        }

        return message;
    }

    private static MultipartFormDataContent Multipart(HttpRequestSpec spec)
    {
        var content = new MultipartFormDataContent();
        foreach (var part in spec.Multipart)
        {
            if (part.File is { } file)
            {
                var fileContent = new ByteArrayContent(file);
                fileContent.Headers.ContentType = MediaTypeHeaderValue.TryParse(part.ContentType, out var type) ? type : new MediaTypeHeaderValue("application/octet-stream");
                content.Add(fileContent, part.Name, part.FileName ?? part.Name);
            }
            else
            {
                content.Add(new StringContent(part.Text ?? string.Empty, Encoding.UTF8), part.Name);
            }
        }

        return content;
    }

    private static ByteArrayContent Raw(HttpRequestSpec spec)
    {
        var content = new ByteArrayContent(spec.RawBody ?? []);
        if (!string.IsNullOrEmpty(spec.RawContentType))
        {
            content.Headers.TryAddWithoutValidation("Content-Type", spec.RawContentType);
        }

        return content;
    }

    private static bool IsContentHeader(string name) =>
        name.StartsWith("content-", StringComparison.OrdinalIgnoreCase) || name.Equals("expires", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("last-modified", StringComparison.OrdinalIgnoreCase) || name.Equals("allow", StringComparison.OrdinalIgnoreCase);
}
