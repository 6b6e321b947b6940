using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Tessera.Server.Api;

/// <summary>The OpenAPI 3.1 document at <c>/api/v1/openapi.json</c> (generated from the endpoints) and a browsable page at <c>/api/v1/docs</c>.</summary>
internal static class OpenApiEndpoints
{
    public const string DocumentPath = "/api/v1/openapi.json";

    public static IServiceCollection AddTesseraOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Tessera API",
                    Version = "v1",
                    Description = "Workflows, executions, credentials, projects and users. Authenticate with the tessera_session cookie (POST /api/v1/auth/login) or an API key in X-Tessera-Api-Key. Errors are RFC 9457 problem details; see docs/api.md.",
                };
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer(OpenApi.OperationResponses.ApplyAsync);
        });

    public static IEndpointRouteBuilder MapOpenApiEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentPath);
        app.MapGet("/api/v1/docs", () => Results.Content(DocsPage, "text/html; charset=utf-8")).ExcludeFromDescription();
        return app;
    }

    // Self-contained (no CDN): lists every operation from the JSON document, grouped by tag.
    private const string DocsPage = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>Tessera API</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>
          body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1d232a; }
          h2 { margin-top: 2rem; border-bottom: 1px solid #dde; }
          .op { display: flex; gap: .75rem; padding: .3rem 0; border-bottom: 1px solid #f0f0f4; }
          .m { font: 600 12px monospace; width: 4.5rem; text-align: center; border-radius: 4px; padding: .15rem 0; color: #fff; }
          .GET { background: #2f7d4f; } .POST { background: #2d5fa8; } .PUT { background: #a86a1d; } .PATCH { background: #7a4fa8; } .DELETE { background: #b03a3a; }
          code { font-size: 14px; } .s { color: #667; }
        </style>
        </head>
        <body>
        <h1>Tessera API</h1>
        <p id="info">Loading <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>…</p>
        <div id="ops"></div>
        <script>
        fetch('/api/v1/openapi.json').then(r => r.json()).then(doc => {
          document.getElementById('info').textContent = (doc.info && doc.info.description) || '';
          const groups = {};
          for (const [path, item] of Object.entries(doc.paths || {})) {
            for (const [method, op] of Object.entries(item)) {
              if (!['get','post','put','patch','delete'].includes(method)) continue;
              const tag = (op.tags && op.tags[0]) || 'Other';
              (groups[tag] = groups[tag] || []).push({ method: method.toUpperCase(), path, summary: op.summary || op.operationId || '' });
            }
          }
          const root = document.getElementById('ops');
          for (const tag of Object.keys(groups).sort()) {
            const h = document.createElement('h2'); h.textContent = tag; root.appendChild(h);
            for (const op of groups[tag]) {
              const row = document.createElement('div'); row.className = 'op';
              const m = document.createElement('span'); m.className = 'm ' + op.method; m.textContent = op.method;
              const p = document.createElement('code'); p.textContent = op.path;
              const s = document.createElement('span'); s.className = 's'; s.textContent = op.summary;
              row.append(m, p, s); root.appendChild(row);
            }
          }
        }).catch(e => { document.getElementById('info').textContent = 'Could not load the API description: ' + e; });
        </script>
        </body>
        </html>
        """;
}
