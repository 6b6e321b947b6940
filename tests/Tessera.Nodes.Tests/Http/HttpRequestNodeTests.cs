using System.Net;
using System.Net.Sockets;
using System.Text;
using Tessera.Engine.Data;
using Tessera.Engine.Expressions;
using Tessera.Engine.Items;
using Tessera.Engine.Nodes;
using Tessera.Nodes.Http;
using Tessera.Nodes.Tests.Values;

namespace Tessera.Nodes.Tests.Http;

public sealed class HttpRequestNodeTests(LocalHttpServer server) : IClassFixture<LocalHttpServer>
{
    private static readonly HttpClientPool Pool = new(new HttpClientPoolOptions { MaxResponseBytes = 1024 * 1024, DefaultTimeout = TimeSpan.FromSeconds(30) });

    private string Url(string path) => server.BaseUrl + path;

    private static Task<IReadOnlyList<Item>> Run(
        JsObject parameters,
        List<Item>? items = null,
        Dictionary<string, JsObject>? credentials = null,
        Func<string, ExpressionContext, JsValue>? evaluate = null,
        string? onError = null,
        double version = 4.2)
    {
        var harness = new ValueNodesHarness
        {
            Parameters = parameters,
            Items = items ?? [Item.Empty()],
            Credentials = credentials ?? [],
            Evaluate = evaluate,
            OnError = onError,
            TypeVersion = version,
            Services = new() { [typeof(HttpClientPool)] = Pool },
        };
        return harness.RunAsync(new HttpRequestNode());
    }

    private static JsObject Options(JsObject options) => options;

    private static JsObject Response(JsObject response) => new() { ["response"] = new JsObject { ["response"] = response } };

    private static JsArray List(params (string Name, JsValue Value)[] pairs) =>
        new(pairs.Select(p => (JsValue)new JsObject { ["name"] = p.Name, ["value"] = p.Value }));

    [Fact]
    public async Task Execute_JsonObject_ReturnsOneItem()
    {
        var items = await Run(new JsObject { ["url"] = Url("/json") });

        var item = Assert.Single(items);
        Assert.Equal(1, item.Json["a"].AsNumber());
        Assert.Equal("x", item.Json["name"].AsString());
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(4.1)]
    public async Task Execute_OlderVersions_SameParameterLayout(double version)
    {
        var item = Assert.Single(await Run(new JsObject { ["url"] = Url("/json") }, version: version));

        Assert.Equal(1, item.Json["a"].AsNumber());
    }

    [Fact]
    public void Description_RegisteredInBuiltInNodes()
    {
        var registry = BuiltInNodes.CreateRegistry();

        Assert.True(registry.Find("n8n-nodes-base.httpRequest")!.Description.SupportsVersion(4.2));
        Assert.True(registry.Contains("n8n-nodes-base.crypto"));
        Assert.True(registry.Contains("n8n-nodes-base.jwt"));
        Assert.True(registry.Contains("n8n-nodes-base.totp"));
    }

    [Fact]
    public async Task Execute_JsonArray_ReturnsItemPerElementPairedWithInput()
    {
        var items = await Run(new JsObject { ["url"] = Url("/array") }, [Item.Empty(), Item.Empty()]);

        Assert.Equal([1, 2, 1, 2], items.Select(i => i.Json["id"].AsNumber()));
        Assert.Equal([0, 0, 1, 1], items.Select(i => i.Paired![0].Item));
    }

    [Fact]
    public async Task Execute_TextAutodetect_WritesDataProperty()
    {
        var item = Assert.Single(await Run(new JsObject { ["url"] = Url("/text") }));

        Assert.Equal("hello", item.Json["data"].AsString());
    }

    [Fact]
    public async Task Execute_FileResponse_ReturnsBinaryWithFileName()
    {
        var item = Assert.Single(await Run(new JsObject
        {
            ["url"] = Url("/file"),
            ["options"] = Response(new JsObject { ["responseFormat"] = "file", ["outputPropertyName"] = "download" }),
        }));

        var binary = item.Binary!["download"];
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, binary.GetBytes());
        Assert.Equal("report.bin", binary.FileName);
        Assert.Equal("application/octet-stream", binary.MimeType);
    }

    [Fact]
    public async Task Execute_MalformedJson_AutodetectGivesTextAndJsonFormatFails()
    {
        var auto = Assert.Single(await Run(new JsObject { ["url"] = Url("/malformed") }));
        var error = await Assert.ThrowsAsync<NodeOperationException>(() => Run(new JsObject
        {
            ["url"] = Url("/malformed"),
            ["options"] = Response(new JsObject { ["responseFormat"] = "json" }),
        }));

        Assert.Equal("{not json", auto.Json["data"].AsString());
        Assert.StartsWith("Response body is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(404, "The resource you are requesting could not be found")]
    [InlineData(500, "The service was not able to process your request")]
    [InlineData(418, "Your request is invalid or could not be processed by the service")]
    public async Task Execute_ErrorStatus_FailsWithStatusBodyAndRequest(int status, string message)
    {
        var error = await Assert.ThrowsAsync<NodeApiException>(() => Run(new JsObject { ["url"] = Url($"/status/{status}") }));

        Assert.Equal(message, error.Message);
        Assert.Equal(status, error.HttpCode);
        Assert.Equal("{\"error\":\"went wrong\"}", error.ResponseBody);
        Assert.Equal("{\"error\":\"went wrong\"}", error.Description);
        Assert.Equal("GET", error.Request["method"].AsString());
        Assert.Equal(Url($"/status/{status}"), error.Request["url"].AsString());
        Assert.Equal("NodeApiError", error.ErrorName);
    }

    [Fact]
    public async Task RunAsync_ErrorStatusInAWorkflow_ExecutionErrorCarriesTheHttpCode()
    {
        var workflow = Tessera.Engine.Workflows.WorkflowJson.Parse("""
            {"nodes":[
              {"name":"T","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
              {"name":"Call","type":"n8n-nodes-base.httpRequest","typeVersion":4.2,"position":[200,0],"parameters":{"url":"URL"}}],
             "connections":{"T":{"main":[[{"node":"Call","type":"main","index":0}]]}}}
            """.Replace("URL", Url("/status/404"), StringComparison.Ordinal));

        var result = await TesseraEngineFactory.Create().RunAsync(workflow);

        Assert.Equal(Tessera.Engine.Execution.ExecutionStatus.Error, result.Status);
        Assert.Equal(404, result.Error!.HttpCode);
        Assert.Equal("NodeApiError", result.Error.Name);
    }

    [Fact]
    public async Task Execute_NeverErrorWithFullResponse_ReturnsStatusInsteadOfFailing()
    {
        var item = Assert.Single(await Run(new JsObject
        {
            ["url"] = Url("/status/404"),
            ["options"] = Response(new JsObject { ["neverError"] = true, ["fullResponse"] = true }),
        }));

        Assert.Equal(404, item.Json["statusCode"].AsNumber());
        Assert.Equal("went wrong", item.Json["body"]["error"].AsString());
        Assert.StartsWith("application/json", item.Json["headers"]["content-type"].AsString(), StringComparison.Ordinal);
        Assert.Equal("Not Found", item.Json["statusMessage"].AsString());
    }

    [Fact]
    public async Task Execute_ContinueOnFail_EmitsErrorItem()
    {
        var item = Assert.Single(await Run(new JsObject { ["url"] = Url("/status/500") }, onError: "continueRegularOutput"));

        Assert.Equal("The service was not able to process your request", item.Json["error"].AsString());
        Assert.NotNull(item.Error);
    }

    [Fact]
    public async Task Execute_Redirects_FollowedByDefaultOrReturnedWhenDisabled()
    {
        var followed = Assert.Single(await Run(new JsObject { ["url"] = Url("/redirect/3") }));
        var notFollowed = Assert.Single(await Run(new JsObject
        {
            ["url"] = Url("/redirect/3"),
            ["options"] = new JsObject
            {
                ["redirect"] = new JsObject { ["redirect"] = new JsObject { ["followRedirects"] = false } },
                ["response"] = new JsObject { ["response"] = new JsObject { ["fullResponse"] = true } },
            },
        }));

        Assert.True(followed.Json["done"].AsBoolean());
        Assert.Equal(302, notFollowed.Json["statusCode"].AsNumber());
        Assert.Equal("/redirect/2", notFollowed.Json["headers"]["location"].AsString());
    }

    [Fact]
    public async Task Execute_TooManyRedirects_Fails()
    {
        var error = await Assert.ThrowsAsync<NodeApiException>(() => Run(new JsObject
        {
            ["url"] = Url("/redirect/5"),
            ["options"] = new JsObject { ["redirect"] = new JsObject { ["redirect"] = new JsObject { ["maxRedirects"] = 2 } } },
        }));

        Assert.Equal("Maximum number of redirects exceeded", error.Message);
    }

    [Fact]
    public async Task Execute_SlowResponse_TimesOut()
    {
        var started = Environment.TickCount64;

        var error = await Assert.ThrowsAsync<NodeApiException>(() => Run(new JsObject { ["url"] = Url("/slow"), ["options"] = new JsObject { ["timeout"] = 300 } }));

        Assert.StartsWith("The connection timed out", error.Message, StringComparison.Ordinal);
        Assert.InRange(Environment.TickCount64 - started, 250, 4000);
    }

    [Fact]
    public async Task Execute_ResponseOverCap_FailsWithClearError()
    {
        var error = await Assert.ThrowsAsync<NodeApiException>(() => Run(new JsObject { ["url"] = Url("/huge") }));

        Assert.Equal("The response is larger than the limit of 1 MB", error.Message);
        Assert.Contains("/huge", error.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_ConnectionRefused_FailsWithN8nMessage()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var error = await Assert.ThrowsAsync<NodeApiException>(() => Run(new JsObject { ["url"] = $"http://127.0.0.1:{port}/x" }));

        Assert.Equal("The service refused the connection - perhaps it is offline", error.Message);
        Assert.Null(error.HttpCode);
    }

    [Fact]
    public async Task Execute_QueryAndHeadersAsFields_AreSent()
    {
        var item = Assert.Single(await Run(new JsObject
        {
            ["url"] = Url("/echo"),
            ["sendQuery"] = true,
            ["queryParameters"] = new JsObject { ["parameters"] = List(("q", "a b"), ("n", 5)) },
            ["sendHeaders"] = true,
            ["headerParameters"] = new JsObject { ["parameters"] = List(("X-Custom", "v1")) },
        }));

        Assert.Equal("a b", item.Json["query"]["q"].AsString());
        Assert.Equal("5", item.Json["query"]["n"].AsString());
        Assert.Equal("v1", item.Json["headers"]["x-custom"].AsString());
    }

    [Fact]
    public async Task Execute_QueryAndHeadersAsJson_AreSentWithArrayFormat()
    {
        var item = Assert.Single(await Run(new JsObject
        {
            ["url"] = Url("/echo"),
            ["sendQuery"] = true,
            ["specifyQuery"] = "json",
            ["jsonQuery"] = "{ \"tags\": [\"a\", \"b\"], \"x\": 1 }",
            ["sendHeaders"] = true,
            ["specifyHeaders"] = "json",
            ["jsonHeaders"] = "{ \"X-Json\": \"yes\" }",
            ["options"] = new JsObject { ["queryParameterArrays"] = "repeat" },
        }));

        Assert.Equal("?tags=a&tags=b&x=1", item.Json["rawQuery"].AsString());
        Assert.Equal("yes", item.Json["headers"]["x-json"].AsString());
    }

    [Fact]
    public async Task Execute_JsonBodyFromFieldsAndRaw_IsPosted()
    {
        var fields = Assert.Single(await Run(new JsObject
        {
            ["method"] = "POST",
            ["url"] = Url("/echo"),
            ["sendBody"] = true,
            ["bodyParameters"] = new JsObject { ["parameters"] = List(("name", "={{ $json.who }}"), ("n", 2)) },
        }, [new Item(new JsObject { ["who"] = "ann" })]));
        var raw = Assert.Single(await Run(new JsObject
        {
            ["method"] = "PUT",
            ["url"] = Url("/echo"),
            ["sendBody"] = true,
            ["specifyBody"] = "json",
            ["jsonBody"] = "{ \"list\": [1, 2] }",
        }));

        Assert.Equal("POST", fields.Json["method"].AsString());
        Assert.Equal("{\"name\":\"ann\",\"n\":2}", fields.Json["body"].AsString());
        Assert.StartsWith("application/json", fields.Json["contentType"].AsString(), StringComparison.Ordinal);
        Assert.Equal("PUT", raw.Json["method"].AsString());
        Assert.Equal("{\"list\":[1,2]}", raw.Json["body"].AsString());
    }

    [Fact]
    public async Task Execute_InvalidJsonBody_FailsWithParameterName()
    {
        var error = await Assert.ThrowsAsync<NodeOperationException>(() => Run(new JsObject
        {
            ["method"] = "POST",
            ["url"] = Url("/echo"),
            ["sendBody"] = true,
            ["specifyBody"] = "json",
            ["jsonBody"] = "{ broken",
        }));

        Assert.Contains("JSON Body", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_FormUrlencodedAndRawAndBinaryBodies_AreSent()
    {
        var form = Assert.Single(await Run(new JsObject
        {
            ["method"] = "POST",
            ["url"] = Url("/echo"),
            ["sendBody"] = true,
            ["contentType"] = "form-urlencoded",
            ["bodyParameters"] = new JsObject { ["parameters"] = List(("a", "1 2"), ("b", "&")) },
        }));
        var raw = Assert.Single(await Run(new JsObject
        {
            ["method"] = "POST",
            ["url"] = Url("/echo"),
            ["sendBody"] = true,
            ["contentType"] = "raw",
            ["rawContentType"] = "text/csv",
            ["body"] = "a,b\n1,2",
        }));
        var fileItem = new Item(new JsObject()) { Binary = new() { ["data"] = BinaryData.FromBytes("file-content"u8, "text/markdown", "x.md") } };
        var binary = Assert.Single(await Run(new JsObject
        {
            ["method"] = "POST",
            ["url"] = Url("/echo"),
            ["sendBody"] = true,
            ["contentType"] = "binaryData",
        }, [fileItem]));

        Assert.Equal("a=1+2&b=%26", form.Json["body"].AsString());
        Assert.Equal("application/x-www-form-urlencoded", form.Json["contentType"].AsString());
        Assert.Equal("a,b\n1,2", raw.Json["body"].AsString());
        Assert.Equal("text/csv", raw.Json["contentType"].AsString());
        Assert.Equal("file-content", binary.Json["body"].AsString());
        Assert.Equal("text/markdown", binary.Json["contentType"].AsString());
    }

    [Fact]
    public async Task Execute_Multipart_SendsFieldsAndBinaryFile()
    {
        var fileItem = new Item(new JsObject()) { Binary = new() { ["upload"] = BinaryData.FromBytes("hello file"u8, "text/plain", "greeting.txt") } };
        var parameters = new JsArray
        {
            new JsObject { ["name"] = "title", ["value"] = "report" },
            new JsObject { ["parameterType"] = "formBinaryData", ["name"] = "doc", ["inputDataFieldName"] = "upload" },
        };

        var item = Assert.Single(await Run(new JsObject
        {
            ["method"] = "POST",
            ["url"] = Url("/multipart"),
            ["sendBody"] = true,
            ["contentType"] = "multipart-form-data",
            ["bodyParameters"] = new JsObject { ["parameters"] = parameters },
        }, [fileItem]));

        Assert.Equal("report", item.Json["fields"]["title"].AsString());
        var file = item.Json["files"].AsArray()[0].AsObject();
        Assert.Equal("doc", file["name"].AsString());
        Assert.Equal("greeting.txt", file["fileName"].AsString());
        Assert.Equal("text/plain", file["contentType"].AsString());
        Assert.Equal("hello file", file["content"].AsString());
    }

    [Fact]
    public async Task Execute_MultipartWithMissingBinary_FailsWithFieldName()
    {
        var parameters = new JsArray { new JsObject { ["parameterType"] = "formBinaryData", ["name"] = "doc", ["inputDataFieldName"] = "nope" } };

        var error = await Assert.ThrowsAsync<NodeOperationException>(() => Run(new JsObject
        {
            ["method"] = "POST",
            ["url"] = Url("/multipart"),
            ["sendBody"] = true,
            ["contentType"] = "multipart-form-data",
            ["bodyParameters"] = new JsObject { ["parameters"] = parameters },
        }));

        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_BasicAuth_SucceedsAndWrongPasswordHidesSecret()
    {
        JsObject Auth(string password) => new() { ["url"] = Url("/auth/basic"), ["authentication"] = "genericCredentialType", ["genericAuthType"] = "httpBasicAuth" };

        var ok = Assert.Single(await Run(Auth("s3cret-pw"), credentials: new() { ["httpBasicAuth"] = new JsObject { ["user"] = "alice", ["password"] = "s3cret-pw" } }));
        var error = await Assert.ThrowsAsync<NodeApiException>(() =>
            Run(Auth("wrong"), credentials: new() { ["httpBasicAuth"] = new JsObject { ["user"] = "alice", ["password"] = "wrong-password" } }));

        Assert.True(ok.Json["ok"].AsBoolean());
        Assert.Equal(401, error.HttpCode);
        Assert.Equal("Authorization failed - please check your credentials", error.Message);
        Assert.Equal("**hidden**", error.Request["headers"]["Authorization"].AsString());
        Assert.DoesNotContain("wrong-password", Everything(error), StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:wrong-password")), Everything(error), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("httpHeaderAuth", "x-api-key", "key-123456")]
    [InlineData("httpBearerAuth", "authorization", "Bearer tok-abcdef")]
    public async Task Execute_HeaderAndBearerAuth_SendHeader(string type, string header, string expected)
    {
        var credential = type == "httpHeaderAuth"
            ? new JsObject { ["name"] = "X-API-Key", ["value"] = "key-123456" }
            : new JsObject { ["token"] = "tok-abcdef" };

        var item = Assert.Single(await Run(
            new JsObject { ["url"] = Url("/echo"), ["authentication"] = "genericCredentialType", ["genericAuthType"] = type },
            credentials: new() { [type] = credential }));

        Assert.Equal(expected, item.Json["headers"][header].AsString());
    }

    [Fact]
    public async Task Execute_QueryAuth_SendsParameterAndMasksItInErrors()
    {
        var credentials = new Dictionary<string, JsObject> { ["httpQueryAuth"] = new JsObject { ["name"] = "api_key", ["value"] = "qsecret-987" } };
        var ok = Assert.Single(await Run(
            new JsObject { ["url"] = Url("/echo"), ["authentication"] = "genericCredentialType", ["genericAuthType"] = "httpQueryAuth" }, credentials: credentials));
        var error = await Assert.ThrowsAsync<NodeApiException>(() => Run(
            new JsObject { ["url"] = Url("/status/500"), ["authentication"] = "genericCredentialType", ["genericAuthType"] = "httpQueryAuth" }, credentials: credentials));

        Assert.Equal("qsecret-987", ok.Json["query"]["api_key"].AsString());
        Assert.Equal("**hidden**", error.Request["qs"]["api_key"].AsString());
        Assert.DoesNotContain("qsecret-987", Everything(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_HeaderAuthOnServerError_NeverLeaksSecret()
    {
        var error = await Assert.ThrowsAsync<NodeApiException>(() => Run(
            new JsObject { ["url"] = Url("/status/503"), ["authentication"] = "genericCredentialType", ["genericAuthType"] = "httpHeaderAuth" },
            credentials: new() { ["httpHeaderAuth"] = new JsObject { ["name"] = "X-API-Key", ["value"] = "very-secret-value" } }));

        Assert.Equal("**hidden**", error.Request["headers"]["X-API-Key"].AsString());
        Assert.DoesNotContain("very-secret-value", Everything(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_MissingCredential_FailsWithHint()
    {
        var error = await Assert.ThrowsAsync<NodeOperationException>(() => Run(
            new JsObject { ["url"] = Url("/echo"), ["authentication"] = "genericCredentialType", ["genericAuthType"] = "httpBasicAuth" }));

        Assert.Contains("httpBasicAuth", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_Proxy_SendsRequestThroughProxy()
    {
        // The local server accepts absolute-form targets, so it can act as the proxy for a host that does not exist.
        var item = Assert.Single(await Run(new JsObject
        {
            ["url"] = "http://service.invalid/echo?via=proxy",
            ["options"] = new JsObject { ["proxy"] = server.BaseUrl },
        }));

        Assert.Equal("service.invalid", item.Json["headers"]["host"].AsString());
        Assert.Equal("proxy", item.Json["query"]["via"].AsString());
    }

    [Fact]
    public async Task Execute_SelfSignedHttps_FailsUnlessSslIssuesIgnored()
    {
        var url = server.HttpsBaseUrl + "/json";

        var error = await Assert.ThrowsAsync<NodeApiException>(() => Run(new JsObject { ["url"] = url }));
        var item = Assert.Single(await Run(new JsObject { ["url"] = url, ["options"] = new JsObject { ["allowUnauthorizedCerts"] = true } }));

        Assert.Equal("SSL Issue: consider using the 'Ignore SSL issues' option", error.Message);
        Assert.Equal(1, item.Json["a"].AsNumber());
    }

    [Fact]
    public async Task Execute_Batching_WaitsBetweenBatches()
    {
        lock (server.Ticks)
        {
            server.Ticks.Clear();
        }

        var items = await Run(new JsObject
        {
            ["url"] = Url("/tick"),
            ["options"] = new JsObject { ["batching"] = new JsObject { ["batch"] = new JsObject { ["batchSize"] = 2, ["batchInterval"] = 300 } } },
        }, [Item.Empty(), Item.Empty(), Item.Empty(), Item.Empty()]);

        Assert.Equal(4, items.Count);
        long[] ticks;
        lock (server.Ticks)
        {
            ticks = [.. server.Ticks.Order()];
        }

        Assert.Equal(4, ticks.Length);
        Assert.True(ticks[2] - ticks[1] >= 250, $"second batch started {ticks[2] - ticks[1]} ms after the first");
    }

    private static string Everything(NodeApiException error) =>
        error.Message + "|" + error.Description + "|" + error.ResponseBody + "|" + JsonCodec.Serialize(error.Request);
}
