using System.Diagnostics;
using System.Globalization;
using Tessera.Storage.Executions;

namespace Tessera.Storage.Tests.Executions;

/// <summary>How a process tells that the holder of a lease died on its host (docs/storage.md, "Leases").</summary>
public sealed class ExecutionLeasesTests
{
    private static string[] Parts(string owner) => owner.Split(':');

    private static string With(string owner, int index, string value)
    {
        var parts = Parts(owner);
        parts[index] = value;
        return string.Join(':', parts);
    }

    [Fact]
    public void IsDeadOnThisHost_ThisProcess_IsAlive()
    {
        Assert.False(ExecutionLeases.IsDeadOnThisHost(ExecutionLeases.NewOwner()));
    }

    [Fact]
    public async Task IsDeadOnThisHost_AProcessThatExited_IsDead()
    {
        // Arrange: a child that has come and gone (killed, as a crash); its id is free (or, rarely, someone else's).
        using var child = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        var started = child.StartTime.ToUniversalTime().Ticks;
        child.Kill();
        await child.WaitForExitAsync();
        var owner = With(With(ExecutionLeases.NewOwner(), 1, child.Id.ToString(CultureInfo.InvariantCulture)), 2, started.ToString(CultureInfo.InvariantCulture));

        Assert.True(ExecutionLeases.IsDeadOnThisHost(owner));
    }

    [Fact]
    public void IsDeadOnThisHost_ThisProcessIdStartedAtAnotherTime_IsDead()
    {
        // The id was reused by a later process: the holder that had it is gone.
        var owner = ExecutionLeases.NewOwner();
        var earlier = long.Parse(Parts(owner)[2], CultureInfo.InvariantCulture) - TimeSpan.TicksPerHour;

        Assert.True(ExecutionLeases.IsDeadOnThisHost(With(owner, 2, earlier.ToString(CultureInfo.InvariantCulture))));
    }

    [Theory]
    [InlineData("another-host/4026531836:1:638000000000000000:abcd")]
    [InlineData("not an owner")]
    [InlineData("")]
    public void IsDeadOnThisHost_AnotherHostOrAnUnknownForm_IsNotJudged(string owner)
    {
        Assert.False(ExecutionLeases.IsDeadOnThisHost(owner));
    }

    [Fact]
    public void IsDeadOnThisHost_SameHostNameInAnotherPidNamespace_IsNotJudged()
    {
        // Containers sharing the host's name (host networking) each number their processes from 1.
        var owner = ExecutionLeases.NewOwner();
        var machine = Parts(owner)[0];
        var otherNamespace = machine[..(machine.IndexOf('/', StringComparison.Ordinal) + 1)] + "1";

        Assert.False(ExecutionLeases.IsDeadOnThisHost(With(With(owner, 0, otherNamespace), 1, "999999")));
    }
}
