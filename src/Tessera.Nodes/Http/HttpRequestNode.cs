using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Http.OAuth2;
using Tessera.Nodes.Values.Crypto;

namespace Tessera.Nodes.Http;

/// <summary>
/// n8n's HTTP Request node (v3, 4, 4.1, 4.2 share one parameter layout): one request per item (plus pagination), sent through the shared
/// <see cref="HttpClientPool"/>, with batching, generic credentials, response formats and n8n-style errors.
/// </summary>
internal sealed class HttpRequestNode : INodeType
{
    public NodeTypeDescription Description { get; } = new()
    {
        Name = "n8n-nodes-base.httpRequest",
        DisplayName = "HTTP Request",
        Description = "Makes an HTTP request and returns the response data",
        Versions = [3, 4, 4.1, 4.2],
        Group = NodeGroup.Output,
        Category = "Core",
        Credentials = HttpAuthentication.SupportedTypes,
        Parameters = HttpRequestParameters.All,
    };

    public async ValueTask<NodeOutput> ExecuteAsync(NodeExecutionContext context)
    {
        var pool = context.GetService<HttpClientPool>() ?? HttpClientPool.Shared;
        var credential = await HttpAuthentication.ResolveAsync(context).ConfigureAwait(false);
        var poolKey = HttpAuthentication.PoolKey(context, credential?.Type);
        var items = context.InputItems;
        var results = new List<Item>[items.Count];
        var failures = new Exception?[items.Count];

        // Parameters are read one item at a time (the expression context is shared); requests then run per batch.
        var prepared = new (HttpRequestSpec Spec, HttpRequestOptions Options)?[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            try
            {
                var options = HttpRequestOptions.Read(context, i);
                var spec = HttpRequestBuilder.Build(context, items[i], i, options);
                if (credential is { } c)
                {
                    HttpAuthentication.Apply(spec, c.Type, c.Data);
                }

                prepared[i] = (spec, options);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures[i] = e;
            }
        }

        var first = prepared.FirstOrDefault(p => p is not null)?.Options ?? new HttpRequestOptions();
        var oauth = credential is { Type: OAuth2Settings.CredentialType } o
            ? OAuth2Session.Open(context, o.Data, pool, poolKey!, first.Proxy, first.IgnoreSsl)
            : null;
        var paginating = prepared.Any(p => p?.Options.Pagination is not null);
        var batchSize = first.BatchSize > 0 ? first.BatchSize : Math.Max(1, items.Count);

        for (var start = 0; start < items.Count; start += batchSize)
        {
            if (start > 0 && first.BatchInterval > TimeSpan.Zero)
            {
                await Task.Delay(first.BatchInterval, context.Execution.Time, context.CancellationToken).ConfigureAwait(false);
            }

            var batch = Enumerable.Range(start, Math.Min(batchSize, items.Count - start)).Where(i => prepared[i] is not null).ToList();
            if (paginating)
            {
                // Pagination evaluates expressions between pages, which needs the shared expression context to itself.
                foreach (var i in batch)
                {
                    await RunItemAsync(i).ConfigureAwait(false);
                }
            }
            else
            {
                await Task.WhenAll(batch.Select(RunItemAsync)).ConfigureAwait(false);
            }
        }

        var output = new List<Item>();
        for (var i = 0; i < items.Count; i++)
        {
            if (failures[i] is { } failure)
            {
                if (!ItemResults.ContinuesOnFail(context.Node))
                {
                    throw ItemResults.AsNodeError(failure, i);
                }

                output.Add(ItemResults.ErrorItem(failure, i));
                continue;
            }

            output.AddRange(results[i] ?? []);
        }

        return NodeOutput.Single(output);

        async Task RunItemAsync(int i)
        {
            var (spec, options) = prepared[i]!.Value;
            var client = pool.Get(new HttpClientKey(poolKey, options.Proxy, options.IgnoreSsl, options.FollowRedirects, options.MaxRedirects));
            Task<HttpResponseData> SendOnce(HttpRequestSpec s) => HttpRequestSender.SendAsync(client, s, options, pool.Options, i, context.CancellationToken);
            Task<HttpResponseData> Send(HttpRequestSpec s) => oauth is null ? SendOnce(s) : SendWithOAuth2Async(oauth, s, SendOnce, i);
            try
            {
                if (options.Pagination is not null)
                {
                    results[i] = await new HttpPagination(context, i).RunAsync(spec, options, Send).ConfigureAwait(false);
                }
                else
                {
                    var response = await Send(spec).ConfigureAwait(false);
                    var list = new List<Item>();
                    HttpResponseParser.AddItems(list, response, options, spec.Url, i);
                    results[i] = list;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
            {
                failures[i] = e;
            }
        }
    }

    // The bearer token goes on just before sending (another item may have renewed it); a 401 renews it once and resends.
    private static async Task<HttpResponseData> SendWithOAuth2Async(OAuth2Session oauth, HttpRequestSpec spec, Func<HttpRequestSpec, Task<HttpResponseData>> send, int itemIndex)
    {
        var token = await oauth.GetTokenAsync(itemIndex).ConfigureAwait(false);
        HttpAuthentication.ApplyBearer(spec, token, oauth.Secrets);
        try
        {
            var response = await send(spec).ConfigureAwait(false);
            if (response.StatusCode != 401)
            {
                return response;
            }
        }
        catch (NodeApiException e) when (e.HttpCode == 401)
        {
            // Renewed below.
        }

        token = await oauth.RenewAsync(token, itemIndex).ConfigureAwait(false);
        HttpAuthentication.ApplyBearer(spec, token, oauth.Secrets);
        return await send(spec).ConfigureAwait(false);
    }
}
