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

        if (Auth.IdentitySetup.NormalizedEmail(value) is null)
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

        if (Auth.IdentitySetup.PasswordProblem(value) is { } problem)
        {
            // "the password must have at least 8 characters" → "must have at least 8 characters."
            Add(new FieldError(path, (problem == "the password is empty" ? $"must have at least {PasswordHasher.MinimumLength} characters" : problem["the password ".Length..]) + "."));
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
