using Tessera.Engine.Data;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
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
        var paginating = prepared.Any(p => p?.Options.Pagination is not null);
        var batchSize = first.BatchSize > 0 ? first.BatchSize : Math.Max(1, items.Count);
        var poolKey = HttpAuthentication.PoolKey(context, credential?.Type);

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
            Task<HttpResponseData> Send(HttpRequestSpec s) => HttpRequestSender.SendAsync(client, s, options, pool.Options, i, context.CancellationToken);
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
}
