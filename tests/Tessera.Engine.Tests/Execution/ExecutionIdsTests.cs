using System.Collections.Concurrent;
using Tessera.Engine.Execution;

namespace Tessera.Engine.Tests.Execution;

public sealed class ExecutionIdsTests
{
    [Fact]
    public void New_IsANumberExactInJavaScript_AndGrows()
    {
        var first = ExecutionIds.New();
        var second = ExecutionIds.New();

        var a = long.Parse(first, System.Globalization.CultureInfo.InvariantCulture);
        var b = long.Parse(second, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(b > a);
        Assert.True(b < (1L << 53));
        Assert.Equal(b, (long)(double)b);
    }

    [Fact]
    public void New_ManyThreadsAtOnce_NeverRepeats()
    {
        var ids = new ConcurrentBag<string>();

        Parallel.For(0, 20_000, _ => ids.Add(ExecutionIds.New()));

        Assert.Equal(20_000, ids.Distinct().Count());
    }

    [Fact]
    public void New_ClockInThePast_StillIncreases()
    {
        var now = ExecutionIds.New();
        var earlier = ExecutionIds.New(new FixedTime(DateTimeOffset.UnixEpoch.AddYears(10)));

        Assert.True(long.Parse(earlier, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(now, System.Globalization.CultureInfo.InvariantCulture));
    }

    private sealed class FixedTime(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;
    }
}
