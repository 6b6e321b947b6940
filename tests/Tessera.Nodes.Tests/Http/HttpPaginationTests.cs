using Tessera.Engine.Data;
using Tessera.Engine.Expressions;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Http;
using Tessera.Nodes.Tests.Values;

namespace Tessera.Nodes.Tests.Http;

public sealed class HttpPaginationTests(LocalHttpServer server) : IClassFixture<LocalHttpServer>
{
    private static readonly HttpClientPool Pool = new();

    // The few expressions these tests need, evaluated against the $response/$pageCount the node provides.
    private static JsValue Evaluate(string template, ExpressionContext context) => template switch
    {
        "={{ $pageCount + 1 }}" => context.ExtraVariables!["$pageCount"].AsNumber() + 1,
        "={{ $response.body.last === true }}" => context.ExtraVariables!["$response"]["body"]["last"] is { IsBoolean: true } last && last.AsBoolean(),
        "={{ !$response.body.next }}" => context.ExtraVariables!["$response"]["body"]["next"].IsNullish,
        _ => JsValue.Undefined,
    };

    private Task<IReadOnlyList<Item>> Run(string path, JsObject pagination, JsObject? extra = null)
    {
        var parameters = extra ?? new JsObject();
        parameters["url"] = server.BaseUrl + path;
        parameters["options"] = new JsObject { ["pagination"] = new JsObject { ["pagination"] = pagination } };
        var harness = new ValueNodesHarness { Parameters = parameters, Evaluate = Evaluate, Services = new() { [typeof(HttpClientPool)] = Pool } };
        return harness.RunAsync(new HttpRequestNode());
    }

    private static JsObject PageParameter(string type = "qs", string name = "page") => new()
    {
        ["parameters"] = new JsArray { new JsObject { ["type"] = type, ["name"] = name, ["value"] = "={{ $pageCount + 1 }}" } },
    };

    [Fact]
    public async Task UpdateParameter_UntilEmptyResponse_CollectsAllPages()
    {
        var items = await Run("/pages", new JsObject
        {
            ["paginationMode"] = "updateAParameterInEachRequest",
            ["parameters"] = PageParameter(),
            ["paginationCompleteWhen"] = "responseIsEmpty",
        });

        Assert.Equal([1, 1, 2, 2, 3, 3], items.Select(i => i.Json["page"].AsNumber()));
    }

    [Fact]
    public async Task UpdateParameter_UntilStatusCode_StopsWithoutError()
    {
        var items = await Run("/codes", new JsObject
        {
            ["parameters"] = PageParameter(),
            ["paginationCompleteWhen"] = "receiveSpecificStatusCodes",
            ["statusCodesWhenComplete"] = "404, 410",
        });

        Assert.Equal([1, 2], items.Select(i => i.Json["page"].AsNumber()));
    }

    [Fact]
    public async Task NextUrl_FromResponse_FollowsUntilCompleteExpression()
    {
        var items = await Run("/cursor", new JsObject
        {
            ["paginationMode"] = "responseContainsNextURL",
            ["nextURL"] = "={{ $response.body.next }}",
            ["paginationCompleteWhen"] = "other",
            ["completeExpression"] = "={{ !$response.body.next }}",
        });

        Assert.Equal([0, 1, 2], items.Select(i => i.Json["position"].AsNumber()));
    }

    [Fact]
    public async Task NextUrl_EmptyNextUrl_Stops()
    {
        var items = await Run("/cursor", new JsObject
        {
            ["paginationMode"] = "responseContainsNextURL",
            ["nextURL"] = "={{ $response.body.next }}",
        });

        Assert.Equal([0, 1, 2], items.Select(i => i.Json["position"].AsNumber()));
    }

    [Fact]
    public async Task UpdateBodyParameter_UntilExpression_PostsEachPage()
    {
        var items = await Run("/bodypage", new JsObject
        {
            ["parameters"] = PageParameter("body", "paging.page"),
            ["paginationCompleteWhen"] = "other",
            ["completeExpression"] = "={{ $response.body.last === true }}",
        }, new JsObject
        {
            ["method"] = "POST",
            ["sendBody"] = true,
            ["specifyBody"] = "json",
            ["jsonBody"] = "{ \"paging\": { \"page\": 1 } }",
        });

        Assert.Equal([1, 2, 3], items.Select(i => i.Json["page"].AsNumber()));
    }

    [Fact]
    public async Task MaxRequests_LimitsPages()
    {
        var items = await Run("/pages", new JsObject
        {
            ["parameters"] = PageParameter(),
            ["limitPagesFetched"] = true,
            ["maxRequests"] = 2,
        });

        Assert.Equal([1, 1, 2, 2], items.Select(i => i.Json["page"].AsNumber()));
    }

    [Fact]
    public async Task IdenticalResponses_StopWithN8nError()
    {
        var error = await Assert.ThrowsAsync<NodeOperationException>(() => Run("/same", new JsObject { ["parameters"] = PageParameter() }));

        Assert.Equal("The returned response was identical 5x, so requests got stopped", error.Message);
    }
}

public sealed class HttpPaginationEvaluatorTests(LocalHttpServer server) : IClassFixture<LocalHttpServer>
{
    [Fact]
    public async Task RealEvaluator_PageCountAndResponse_Paginate()
    {
        // Same scenario as the fake-evaluator tests, through the real expression evaluator end to end.
        var parameters = new JsObject
        {
            ["url"] = server.BaseUrl + "/cursor",
            ["options"] = new JsObject
            {
                ["pagination"] = new JsObject
                {
                    ["pagination"] = new JsObject
                    {
                        ["paginationMode"] = "responseContainsNextURL",
                        ["nextURL"] = "={{ $response.body.next }}",
                        ["paginationCompleteWhen"] = "other",
                        ["completeExpression"] = "={{ $response.body.next == null || $pageCount >= 5 }}",
                    },
                },
            },
        };
        var harness = new ValueNodesHarness { Parameters = parameters };
        var context = harness.CreateContext(new HttpRequestNode(), new ExpressionEvaluator());

        var output = await new HttpRequestNode().ExecuteAsync(context);

        Assert.Equal([0, 1, 2], output.Main.Select(i => i.Json["position"].AsNumber()));
    }
}
