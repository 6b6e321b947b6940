using System.Net;
using Tessera.Server.Auth;
using Tessera.Server.Tests.Infrastructure;

namespace Tessera.Server.Tests.Auth;

/// <summary>First-run set-up, sign-in, lockout and sign-out, each on a fresh server.</summary>
public sealed class SetupAndLoginTests : IAsyncLifetime
{
    private readonly ServerFixture _server = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        _client = Http.NewClient(_server.Server.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Status_FreshServer_RequiresSetup()
    {
        var status = await _client.ExpectAsync(HttpStatusCode.OK, "GET", "api/v1/auth/status");

        Assert.True((bool)status!["setupRequired"]!);
        Assert.Null(status["user"]);
    }

    [Fact]
    public async Task Setup_FirstUser_BecomesOwnerSignedInAndAdminOfDefault()
    {
        var user = await _client.ExpectAsync(HttpStatusCode.OK, "POST", "api/v1/auth/setup", new { email = "Ada@Example.com", name = "Ada", password = "long enough" });
        var me = await _client.ExpectAsync(HttpStatusCode.OK, "GET", "api/v1/me");
        var status = await _client.ExpectAsync(HttpStatusCode.OK, "GET", "api/v1/auth/status");

        Assert.Equal("ada@example.com", (string?)user!["email"]);
        Assert.True((bool)user["isOwner"]!);
        Assert.EndsWith("Z", (string?)user["createdAt"], StringComparison.Ordinal);
        Assert.Null(user["passwordHash"]);
        Assert.Equal(user.Id(), me.Id());
        var project = Assert.Single(me!["projects"]!.AsArray());
        Assert.Equal("Default", (string?)project!["name"]);
        Assert.Equal("admin", (string?)project["role"]);
        Assert.False((bool)status!["setupRequired"]!);
        Assert.Equal(user.Id(), status["user"].Id());
    }

    [Fact]
    public async Task Setup_SessionCookie_IsHttpOnlyStrictAndStoredHashed()
    {
        using var response = await _client.SendAsync("POST", "api/v1/auth/setup", new { email = "a@b.io", name = "A", password = "long enough" });

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(SessionCookie.Name + "=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        var token = cookie[(SessionCookie.Name.Length + 1)..cookie.IndexOf(';', StringComparison.Ordinal)];
        Assert.True(token.Length >= 43, "a 256-bit token");
        Assert.Null(await _server.Server.Storage.Sessions.FindAsync(token, default));
        Assert.NotNull(await _server.Server.Storage.Sessions.FindAsync(SecretTokens.Hash(token), default));
    }

    [Fact]
    public async Task Setup_Twice_Conflicts()
    {
        await _client.ExpectAsync(HttpStatusCode.OK, "POST", "api/v1/auth/setup", new { email = "a@b.io", name = "A", password = "long enough" });

        await _client.ExpectProblemAsync(HttpStatusCode.Conflict, "conflict", "POST", "api/v1/auth/setup", new { email = "c@d.io", name = "C", password = "long enough" });
        Assert.Equal(1, await _server.Server.Storage.Users.CountAsync(default));
    }

    [Fact]
    public async Task Setup_InvalidBody_ListsEveryProblemAndCreatesNothing()
    {
        var problem = await _client.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation-failed", "POST", "api/v1/auth/setup", new { email = "nope", name = "", password = "short" });

        var paths = problem["errors"]!.AsArray().Select(e => (string?)e!["path"]).ToList();
        Assert.Equal(["email", "name", "password"], paths);
        Assert.Equal(0, await _server.Server.Storage.Users.CountAsync(default));
    }

    [Fact]
    public async Task Login_WrongPassword_401AndCorrectOneSignsIn()
    {
        await SetUpOwnerAsync();
        using var other = Http.NewClient(_server.Server.BaseAddress);

        await other.ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthorized", "POST", "api/v1/auth/login", new { email = "a@b.io", password = "wrong password" });
        await other.ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthorized", "POST", "api/v1/auth/login", new { email = "nobody@b.io", password = "long enough" });
        await other.ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthorized", "GET", "api/v1/me");
        await other.ExpectAsync(HttpStatusCode.OK, "POST", "api/v1/auth/login", new { email = "A@B.io", password = "long enough" });
        await other.ExpectAsync(HttpStatusCode.OK, "GET", "api/v1/me");
    }

    [Fact]
    public async Task Login_TooManyFailures_LocksTheAccountWithRetryAfter()
    {
        await SetUpOwnerAsync();
        using var other = Http.NewClient(_server.Server.BaseAddress);
        for (var i = 0; i < 5; i++)
        {
            await other.ExpectAsync(HttpStatusCode.Unauthorized, "POST", "api/v1/auth/login", new { email = "a@b.io", password = "wrong password" });
        }

        using var locked = await other.SendAsync("POST", "api/v1/auth/login", new { email = "a@b.io", password = "long enough" });

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.True(locked.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("rate-limited", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_MissingFields_ValidationFailed()
    {
        await _client.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation-failed", "POST", "api/v1/auth/login", new { email = "a@b.io" });
    }

    [Fact]
    public async Task Logout_EndsTheSession()
    {
        await SetUpOwnerAsync();

        await _client.ExpectAsync(HttpStatusCode.NoContent, "POST", "api/v1/auth/logout");

        await _client.ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthorized", "GET", "api/v1/me");
    }

    [Fact]
    public async Task Session_Expired_IsRejected()
    {
        await _server.DisposeAsync();
        var server = new ExpiringFixture();
        await server.InitializeAsync();
        try
        {
            using var client = Http.NewClient(server.Server.BaseAddress);
            await client.ExpectAsync(HttpStatusCode.OK, "POST", "api/v1/auth/setup", new { email = "a@b.io", name = "A", password = "long enough" });
            await client.ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthorized", "GET", "api/v1/me");
        }
        finally
        {
            await server.DisposeAsync();
            await _server.InitializeAsync();
        }
    }

    private Task SetUpOwnerAsync() =>
        _client.ExpectAsync(HttpStatusCode.OK, "POST", "api/v1/auth/setup", new { email = "a@b.io", name = "A", password = "long enough" });

    private sealed class ExpiringFixture : ServerFixture
    {
        protected override void Configure(ServerOptions options) => options.SessionLifetime = TimeSpan.Zero;
    }
}
