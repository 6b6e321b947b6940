using System.Reflection;

namespace Tessera.Server.Tests;

/// <summary>Keeps the per-backend API suites honest: a plain fact in a suite would fail on machines without PostgreSQL instead of skipping.</summary>
public sealed class BackendSuiteTests
{
    private static readonly Type[] Suites = typeof(BackendSuiteTests).Assembly.GetTypes()
        .Where(t => t.IsAbstract && !t.IsSealed && (
            t.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(TestUsers)))
            || typeof(BackendSuiteTests).Assembly.GetTypes().Any(s => s.IsSubclassOf(t) && s.GetCustomAttribute<RequiresPostgresAttribute>() is not null)))
        .ToArray();

    [Fact]
    public void Suites_UseBackendFactsOnly_AndRunOnBothBackends()
    {
        Assert.NotEmpty(Suites);
        foreach (var suite in Suites)
        {
            var plain = suite.GetMethods()
                .Where(m => m.GetCustomAttributes<FactAttribute>().Any(a => a is not BackendFactAttribute and not BackendTheoryAttribute))
                .Select(m => $"{suite.Name}.{m.Name}")
                .ToList();
            Assert.True(plain.Count == 0, "Use [BackendFact]/[BackendTheory] in backend suites: " + string.Join(", ", plain));

            var concrete = typeof(BackendSuiteTests).Assembly.GetTypes().Where(t => !t.IsAbstract && t.IsSubclassOf(suite)).ToList();
            Assert.Contains(concrete, t => t.GetCustomAttribute<RequiresPostgresAttribute>() is null);
            Assert.Contains(concrete, t => t.GetCustomAttribute<RequiresPostgresAttribute>() is not null);
        }
    }
}
