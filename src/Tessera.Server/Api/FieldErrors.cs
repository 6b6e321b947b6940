using Tessera.Server.Auth;

namespace Tessera.Server.Api;

/// <summary>Collects every problem with a request body so the client sees them all in one 400.</summary>
internal sealed class FieldErrors : List<FieldError>
{
    public bool Ok => Count == 0;

    public FieldErrors Required(string? value, string path)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(new FieldError(path, "is required."));
        }

        return this;
    }

    public FieldErrors Email(string? value, string path, bool required = true)
    {
        if (value is null && !required)
        {
            return this;
        }

        var trimmed = value?.Trim() ?? string.Empty;
        var at = trimmed.IndexOf('@', StringComparison.Ordinal);
        if (at < 1 || at == trimmed.Length - 1 || trimmed.Contains(' ', StringComparison.Ordinal) || trimmed.Length > 254)
        {
            Add(new FieldError(path, "must be an email address such as ada@example.com."));
        }

        return this;
    }

    public FieldErrors Password(string? value, string path, bool required = true)
    {
        if (value is null && !required)
        {
            return this;
        }

        if (value is null || value.Length < PasswordHasher.MinimumLength)
        {
            Add(new FieldError(path, $"must have at least {PasswordHasher.MinimumLength} characters."));
        }
        else if (value.Length > 1024)
        {
            Add(new FieldError(path, "must have at most 1024 characters."));
        }

        return this;
    }

    public FieldErrors MaxLength(string? value, int max, string path)
    {
        if (value is { Length: var n } && n > max)
        {
            Add(new FieldError(path, $"must have at most {max} characters."));
        }

        return this;
    }
}
