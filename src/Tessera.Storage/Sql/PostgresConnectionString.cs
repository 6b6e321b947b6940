using Npgsql;

namespace Tessera.Storage.Sql;

/// <summary>Turns a <c>postgres://</c> URL (the form most hosting providers hand out) into an Npgsql connection string.</summary>
internal static class PostgresConnectionString
{
    /// <summary>Accepts either form and returns an Npgsql <c>key=value</c> connection string.</summary>
    /// <exception cref="ArgumentException">The value is neither a valid URL nor a valid connection string.</exception>
    public static string Normalize(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        value = value.Trim();
        if (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return FromUrl(value);
        }

        try
        {
            return new NpgsqlConnectionStringBuilder(value).ConnectionString;
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(
                $"The PostgreSQL connection string is not valid ({e.Message}). Use postgres://user:password@host:5432/database or Host=...;Username=...;Password=...;Database=...",
                nameof(value),
                e);
        }
    }

    private static string FromUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException(
                "The PostgreSQL URL is not valid. Expected postgres://user:password@host:5432/database.", nameof(url));
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
        };

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var val = eq < 0 ? "true" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            switch (key.ToLowerInvariant())
            {
                case "sslmode":
                    builder.SslMode = Enum.Parse<SslMode>(val.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true);
                    break;
                case "connect_timeout":
                    builder.Timeout = int.Parse(val, System.Globalization.CultureInfo.InvariantCulture);
                    break;
                default:
                    try
                    {
                        // libpq spells options with underscores (search_path, application_name); Npgsql with spaces.
                        builder[key.Replace('_', ' ')] = val;
                    }
                    catch (ArgumentException e)
                    {
                        throw new ArgumentException($"The PostgreSQL URL has an unknown option '{key}'.", nameof(url), e);
                    }

                    break;
            }
        }

        return builder.ConnectionString;
    }
}
