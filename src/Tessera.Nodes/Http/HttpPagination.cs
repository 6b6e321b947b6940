using System.Globalization;
using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Http;

/// <summary>
/// n8n's pagination: after each page, evaluate the pagination expressions with <c>$response</c>, <c>$pageCount</c>
/// and <c>$request</c>, then either follow a next URL or update query/header/body parameters, until the
/// completion rule (empty response, specific status codes, or an expression) says stop.
/// </summary>
internal sealed class HttpPagination(NodeExecutionContext context, int itemIndex)
{
    private const string SettingsPath = "options.pagination.pagination";
    private const int IdenticalResponsesLimit = 5;

    public async Task<List<Item>> RunAsync(
        HttpRequestSpec first, HttpRequestOptions options, Func<HttpRequestSpec, Task<HttpResponseData>> send)
    {
        var mode = Text(Setting("paginationMode", null), "updateAParameterInEachRequest");
        var completeWhen = Text(Setting("paginationCompleteWhen", null), "responseIsEmpty");
        var statusCodes = completeWhen == "receiveSpecificStatusCodes" ? StatusCodes(Text(Setting("statusCodesWhenComplete", null), string.Empty)) : [];
        var limitPages = JsConvert.ToBoolean(Setting("limitPagesFetched", null));
        var maxRequests = limitPages ? Number(Setting("maxRequests", null), 100) : int.MaxValue;
        var interval = TimeSpan.FromMilliseconds(Number(Setting("requestInterval", null), 0));

        var output = new List<Item>();
        var request = first;
        var pageCount = 0;
        string? previousBody = null;
        var identical = 0;
        while (pageCount < maxRequests)
        {
            if (pageCount > 0 && interval > TimeSpan.Zero)
            {
                await Task.Delay(interval, context.Execution.Time, context.CancellationToken).ConfigureAwait(false);
            }

            HttpResponseData response;
            try
            {
                response = await send(request).ConfigureAwait(false);
            }
            catch (NodeApiException e) when (e.HttpCode is { } code && statusCodes.Contains(code))
            {
                break;
            }

            if (statusCodes.Contains(response.StatusCode))
            {
                break;
            }

            pageCount++;
            var described = HttpResponseParser.Describe(response, options, itemIndex);
            if (completeWhen == "responseIsEmpty" && IsEmpty(described["body"]))
            {
                break;
            }

            HttpResponseParser.AddItems(output, response, options, request.Url, itemIndex);

            var bodyText = response.BodyText;
            identical = bodyText == previousBody ? identical + 1 : 1;
            previousBody = bodyText;
            if (identical >= IdenticalResponsesLimit)
            {
                throw new NodeOperationException(
                    $"The returned response was identical {IdenticalResponsesLimit}x, so requests got stopped", itemIndex,
                    "Check if \"Pagination Completed When\" has been configured correctly.");
            }

            var variables = new JsObject
            {
                ["$response"] = described,
                ["$pageCount"] = pageCount,
                ["$request"] = request.Describe(),
            };

            if (completeWhen == "other" && JsConvert.ToBoolean(Setting("completeExpression", variables)))
            {
                break;
            }

            var next = request.Clone();
            if (mode == "responseContainsNextURL")
            {
                var url = Setting("nextURL", variables);
                if (url.IsNullish || (url.IsString && url.AsString().Length == 0))
                {
                    break;
                }

                next.Url = HttpRequestBuilder.Text(url);
                // The next URL carries its own query; keep only the credential's query parameters.
                next.Query.RemoveAll(q => !next.SecretQuery.Contains(q.Key));
            }
            else
            {
                UpdateParameters(next, variables);
            }

            request = next;
        }

        return output;
    }

    private void UpdateParameters(HttpRequestSpec next, JsObject variables)
    {
        var list = context.Node.Parameters.GetPath(SettingsPath + ".parameters.parameters").TryGetArray() ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].TryGetObject() is not { } parameter)
            {
                continue;
            }

            var name = HttpRequestBuilder.Text(Evaluate(parameter["name"], $"{SettingsPath}.parameters.parameters[{i}].name", variables));
            var value = Evaluate(parameter["value"], $"{SettingsPath}.parameters.parameters[{i}].value", variables);
            switch (parameter["type"].TryGetString() ?? "qs")
            {
                case "headers":
                    next.SetHeader(name, HttpRequestBuilder.Text(value));
                    break;
                case "body":
                    if (next.BodyKind == HttpBodyKind.Form)
                    {
                        next.Form.RemoveAll(f => f.Key == name);
                        next.Form.Add(new(name, HttpRequestBuilder.Text(value)));
                    }
                    else
                    {
                        var body = next.Json.TryGetObject() ?? new JsObject();
                        Values.Crypto.ItemResults.SetPath(body, name, value);
                        next.Json = body;
                        next.BodyKind = HttpBodyKind.Json;
                    }

                    break;
                default:
                    next.SetQuery(name, HttpRequestBuilder.Text(value));
                    break;
            }
        }
    }

    private JsValue Setting(string name, JsObject? variables) =>
        Evaluate(context.Node.Parameters.GetPath(SettingsPath + "." + name), SettingsPath + "." + name, variables);

    private JsValue Evaluate(JsValue raw, string path, JsObject? variables)
    {
        if (!raw.IsString || raw.AsString() is not ['=', ..])
        {
            return raw;
        }

        var previous = context.Expressions.ExtraVariables;
        context.Expressions.ExtraVariables = variables;
        try
        {
            return context.Evaluate(raw.AsString(), path, itemIndex);
        }
        finally
        {
            context.Expressions.ExtraVariables = previous;
        }
    }

    private static bool IsEmpty(JsValue body) => body.Kind switch
    {
        JsKind.Undefined or JsKind.Null => true,
        JsKind.String => body.AsString().Length == 0,
        JsKind.Array => body.AsArray().Count == 0,
        JsKind.Object => body.AsObject().Count == 0,
        _ => false,
    };

    private static HashSet<int> StatusCodes(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) ? code : -1)
            .Where(c => c > 0)];

    private static string Text(JsValue value, string fallback) => value.IsNullish ? fallback : JsConvert.ToString(value);

    private static int Number(JsValue value, int fallback) => value.IsNullish ? fallback : (int)JsConvert.ToNumber(value);
}
