using Tessera.Engine.Data;
using Tessera.Engine.Nodes;

namespace Tessera.Nodes.Http;

/// <summary>The HTTP Request node's parameters with n8n's defaults (v4.x).</summary>
internal static class HttpRequestParameters
{
    public static readonly IReadOnlyList<NodeParameter> All =
    [
        new()
        {
            Name = "method", Type = ParameterType.Options, Default = "GET",
            Options = [.. new[] { "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT" }.Select(m => new ParameterOption(m, m))],
        },
        new() { Name = "url", Type = ParameterType.String, Default = "", Required = true },
        new()
        {
            Name = "authentication", Type = ParameterType.Options, Default = "none",
            Options = [new("None", "none"), new("Predefined Credential Type", "predefinedCredentialType"), new("Generic Credential Type", "genericCredentialType")],
        },
        new() { Name = "nodeCredentialType", Type = ParameterType.String, Default = "" },
        new() { Name = "genericAuthType", Type = ParameterType.Options, Default = "", Options = [.. HttpAuthentication.SupportedTypes.Select(t => new ParameterOption(t, t))] },
        new() { Name = "sendQuery", Type = ParameterType.Boolean, Default = false },
        new() { Name = "specifyQuery", Type = ParameterType.Options, Default = "keypair", Options = [new("Using Fields Below", "keypair"), new("Using JSON", "json")] },
        new() { Name = "queryParameters", Type = ParameterType.FixedCollection, Default = new JsObject() },
        new() { Name = "jsonQuery", Type = ParameterType.Json, Default = "" },
        new() { Name = "sendHeaders", Type = ParameterType.Boolean, Default = false },
        new() { Name = "specifyHeaders", Type = ParameterType.Options, Default = "keypair", Options = [new("Using Fields Below", "keypair"), new("Using JSON", "json")] },
        new() { Name = "headerParameters", Type = ParameterType.FixedCollection, Default = new JsObject() },
        new() { Name = "jsonHeaders", Type = ParameterType.Json, Default = "" },
        new() { Name = "sendBody", Type = ParameterType.Boolean, Default = false },
        new()
        {
            Name = "contentType", Type = ParameterType.Options, Default = "json",
            Options = [new("Form URLencoded", "form-urlencoded"), new("Form-Data", "multipart-form-data"), new("JSON", "json"), new("n8n Binary File", "binaryData"), new("Raw", "raw")],
        },
        new() { Name = "specifyBody", Type = ParameterType.Options, Default = "keypair", Options = [new("Using Fields Below", "keypair"), new("Using JSON", "json"), new("Using Single Field", "string")] },
        new() { Name = "bodyParameters", Type = ParameterType.FixedCollection, Default = new JsObject() },
        new() { Name = "jsonBody", Type = ParameterType.Json, Default = "" },
        new() { Name = "body", Type = ParameterType.String, Default = "" },
        new() { Name = "rawContentType", Type = ParameterType.String, Default = "" },
        new() { Name = "inputDataFieldName", Type = ParameterType.String, Default = "data" },
        new()
        {
            Name = "options", Type = ParameterType.Collection, Default = new JsObject(),
            Children =
            [
                new() { Name = "batching", Type = ParameterType.FixedCollection, Default = new JsObject() },
                new() { Name = "allowUnauthorizedCerts", Type = ParameterType.Boolean, Default = false },
                new() { Name = "queryParameterArrays", Type = ParameterType.Options, Default = "brackets", Options = [new("No Brackets", "repeat"), new("Brackets Only", "brackets"), new("Brackets with Indices", "indices")] },
                new() { Name = "lowercaseHeaders", Type = ParameterType.Boolean, Default = true },
                new() { Name = "redirect", Type = ParameterType.FixedCollection, Default = new JsObject() },
                new() { Name = "response", Type = ParameterType.FixedCollection, Default = new JsObject() },
                new() { Name = "pagination", Type = ParameterType.FixedCollection, Default = new JsObject() },
                new() { Name = "proxy", Type = ParameterType.String, Default = "" },
                new() { Name = "timeout", Type = ParameterType.Number, Description = "Milliseconds to wait for a response; unset uses the host default." },
            ],
        },
    ];
}
