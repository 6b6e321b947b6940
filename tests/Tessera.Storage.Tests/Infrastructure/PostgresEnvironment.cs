namespace Tessera.Storage.Tests.Infrastructure;

/// <summary>Where the PostgreSQL tests find their server.</summary>
internal static class PostgresEnvironment
{
    public const string Variable = "TESSERA_TEST_POSTGRES";

    public const string SkipReason =
        "PostgreSQL tests need a server: run `eval \"$(scripts/test-postgres.sh start)\"` to set TESSERA_TEST_POSTGRES (and `scripts/test-postgres.sh stop` afterwards).";

    public static string? ConnectionString
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(Variable);
            return string.IsNullOrWhiteSpace(value) ? null : value;
        }
    }
}
