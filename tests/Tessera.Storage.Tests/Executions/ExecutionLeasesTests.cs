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
        var started = ExecutionLeases.StartToken(child.Id)!;
        var owner = With(With(ExecutionLeases.NewOwner(), 1, child.Id.ToString(CultureInfo.InvariantCulture)), 2, started);
        Assert.False(ExecutionLeases.IsDeadOnThisHost(owner));

        child.Kill();
        await child.WaitForExitAsync();

        Assert.True(ExecutionLeases.IsDeadOnThisHost(owner));
    }

    [Fact]
    public void IsDeadOnThisHost_ThisProcessIdStartedAtAnotherTime_IsDead()
    {
        // The id was reused by a later process: the holder that had it is gone.
        var owner = ExecutionLeases.NewOwner();
        var start = Parts(owner)[2];
        var earlier = start[..1] + (long.Parse(start[1..], CultureInfo.InvariantCulture) - 1).ToString(CultureInfo.InvariantCulture);

        Assert.True(ExecutionLeases.IsDeadOnThisHost(With(owner, 2, earlier)));
    }

    [Fact]
    public async Task IsDeadOnThisHost_ALiveHolderSeenFromAnotherProcess_IsAlive()
    {
        // The start token another process wrote must be what this process reads for the same process. Process.StartTime
        // differed between processes by milliseconds on Linux (each estimates the boot time), which made every live
        // holder look dead to every other process. Here the token comes from a shell reading the kernel's own field.
        // Linux only (/proc); Tessera's CI and containers are Linux.
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var child = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            var fromShell = await OutputOf("sh", "-c", $"cut -d' ' -f22 /proc/{child.Id}/stat");
            var owner = With(With(ExecutionLeases.NewOwner(), 1, child.Id.ToString(CultureInfo.InvariantCulture)), 2, "b" + fromShell.Trim());

            Assert.Equal("b" + fromShell.Trim(), ExecutionLeases.StartToken(child.Id));
            Assert.False(ExecutionLeases.IsDeadOnThisHost(owner));
        }
        finally
        {
            child.Kill();
            await child.WaitForExitAsync();
        }
    }

    [Fact]
    public void IsDeadOnThisHost_AnOwnerWrittenBeforeStartTokensHadAKind_IsNotJudged()
    {
        // Owners of the build before: the start as DateTime ticks, which no process can compare reliably; their
        // leases free only on expiry.
        Assert.False(ExecutionLeases.IsDeadOnThisHost(With(ExecutionLeases.NewOwner(), 2, "638000000000000000")));
    }

    [Fact]
    public void NewOwner_TwoStoragesInOneProcess_AreTwoOwners()
    {
        Assert.NotEqual(ExecutionLeases.NewOwner(), ExecutionLeases.NewOwner());
    }

    private static async Task<string> OutputOf(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    [Theory]
    [InlineData("another-host/4026531836:1:b638000:1")]
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
