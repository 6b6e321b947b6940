using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tessera.Nodes.Tests.Http;

/// <summary>A real Kestrel server on 127.0.0.1 with a random port, serving the endpoints the HTTP Request tests call.</summary>
public sealed class LocalHttpServer : IAsyncLifetime
{
    private WebApplication? _app;
    private int _counter;

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>The same endpoints over HTTPS with a self-signed certificate no client trusts.</summary>
    public string HttpsBaseUrl { get; private set; } = string.Empty;

    /// <summary>Times (server clock, ms) at which /tick was called.</summary>
    public List<long> Ticks { get; } = [];

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var certificate = SelfSignedCertificate();
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, 0);
            o.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate));
        });
        var app = builder.Build();
        Map(app);
        await app.StartAsync();
        _app = app;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal));
        HttpsBaseUrl = addresses.First(a => a.StartsWith("https://", StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/json", () => Results.Json(new { a = 1, name = "x" }));
        app.MapGet("/array", () => Results.Json(new object[] { new { id = 1 }, new { id = 2 } }));
        app.MapGet("/text", () => Results.Text("hello", "text/plain"));
        app.MapGet("/file", (HttpContext http) =>
        {
            http.Response.Headers.ContentDisposition = "attachment; filename=\"report.bin\"";
            return Results.Bytes([1, 2, 3, 4], "application/octet-stream");
        });
        app.MapGet("/malformed", () => Results.Text("{not json", "application/json"));
        app.MapGet("/status/{code:int}", (int code) => Results.Text("{\"error\":\"went wrong\"}", "application/json", statusCode: code));
        app.MapGet("/redirect/{n:int}", (int n) => n <= 0 ? Results.Json(new { done = true }) : Results.Redirect($"/redirect/{n - 1}"));
        app.MapGet("/slow", async (CancellationToken ct) =>
        {
            await Task.Delay(5000, ct);
            return Results.Text("late");
        });
        app.MapGet("/huge", async (HttpContext http) =>
        {
            http.Response.ContentType = "text/plain";
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'x');
            for (var i = 0; i < 32; i++)
            {
                await http.Response.Body.WriteAsync(chunk);
            }
        });
        app.MapGet("/tick", () =>
        {
            lock (Ticks)
            {
                Ticks.Add(Environment.TickCount64);
            }

            return Results.Json(new { n = Interlocked.Increment(ref _counter) });
        });
        app.Map("/echo", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            return Results.Json(new
            {
                method = http.Request.Method,
                query = http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
                rawQuery = http.Request.QueryString.Value,
                headers = http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
                contentType = http.Request.ContentType,
                body,
            });
        });
        app.MapPost("/multipart", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            var files = new List<object>();
            foreach (var file in form.Files)
            {
                using var stream = new StreamReader(file.OpenReadStream());
                files.Add(new { name = file.Name, fileName = file.FileName, contentType = file.ContentType, content = await stream.ReadToEndAsync() });
            }

            return Results.Json(new { fields = form.ToDictionary(f => f.Key, f => f.Value.ToString()), files });
        });
        app.MapGet("/auth/basic", (HttpContext http) =>
            http.Request.Headers.Authorization.ToString() == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:s3cret-pw"))
                ? Results.Json(new { ok = true })
                : Results.Text("{\"message\":\"bad credentials\"}", "application/json", statusCode: 401));
        app.MapGet("/pages", (int? page) =>
        {
            var p = page ?? 1;
            return p > 3 ? Results.Json(Array.Empty<object>()) : Results.Json(new object[] { new { page = p, i = 1 }, new { page = p, i = 2 } });
        });
        app.MapGet("/codes", (int? page) =>
        {
            var p = page ?? 1;
            return p > 2 ? Results.Text("gone", "text/plain", statusCode: 404) : Results.Json(new { page = p });
        });
        app.MapGet("/cursor", (HttpContext http, int? at) =>
        {
            var position = at ?? 0;
            var next = position < 2 ? $"{BaseUrl}/cursor?at={position + 1}" : null;
            return Results.Json(new { position, next });
        });
        app.MapGet("/same", () => Results.Json(new { always = "same" }));
        app.MapPost("/bodypage", async (HttpContext http) =>
        {
            var doc = await JsonDocument.ParseAsync(http.Request.Body);
            var page = doc.RootElement.GetProperty("paging").GetProperty("page").GetInt32();
            return Results.Json(new { page, last = page >= 3 });
        });
    }
}
