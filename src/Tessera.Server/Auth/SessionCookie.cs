using Microsoft.AspNetCore.Http;

namespace Tessera.Server.Auth;

/// <summary>The browser session cookie: HttpOnly (no script reads it) and SameSite=Strict (no cross-site request carries it).</summary>
internal static class SessionCookie
{
    public const string Name = "tessera_session";

    public static void Issue(HttpContext context, string token, DateTimeOffset expires) =>
        context.Response.Cookies.Append(Name, token, Options(context, expires));

    public static void Clear(HttpContext context) =>
        context.Response.Cookies.Delete(Name, Options(context, DateTimeOffset.UnixEpoch));

    private static CookieOptions Options(HttpContext context, DateTimeOffset expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };
}
