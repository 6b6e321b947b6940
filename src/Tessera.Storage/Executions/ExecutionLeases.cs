using System.Diagnostics;
using System.Globalization;

namespace Tessera.Storage.Executions;

/// <summary>
/// Who holds a running execution (docs/storage.md, "Leases"): <c>host/pid-namespace:pid:start:nonce</c>, one per
/// opened storage. The host and PID namespace (containers on one host share its name with host networking, but each
/// has its own process ids), process id and process start time let another process that sees the same processes tell
/// at once that the holder died (a crash, a kill); a holder elsewhere is known dead only when its lease expires.
/// </summary>
internal static class ExecutionLeases
{
    private static readonly string ThisMachine = Environment.MachineName.Replace(':', '_') + "/" + PidNamespace();

    private static readonly string ThisProcess = string.Create(
        CultureInfo.InvariantCulture,
        $"{ThisMachine}:{Environment.ProcessId}:{StartTicks(Process.GetCurrentProcess())}");

    /// <summary>A new owner name for one opened storage (two in one process are two owners, as in the tests).</summary>
    public static string NewOwner() => ThisProcess + ":" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>
    /// True when <paramref name="owner"/> names a process on this host that no longer runs (its id is free or now
    /// belongs to a process started at another time). Unknown forms and other hosts: false.
    /// </summary>
    public static bool IsDeadOnThisHost(string owner)
    {
        var parts = owner.Split(':');
        if (parts.Length != 4 || !string.Equals(parts[0], ThisMachine, StringComparison.Ordinal)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var started))
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return StartTicks(process) != started;
        }
        catch (ArgumentException)
        {
            return true; // No process with that id.
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return true; // It exited while being looked at (its /proc entry went away).
        }
    }

    private static long StartTicks(Process process) => process.StartTime.ToUniversalTime().Ticks;

    // Linux: the inode of this process's PID namespace ("pid:[4026531836]"); elsewhere one namespace per host.
    private static string PidNamespace()
    {
        try
        {
            return new FileInfo("/proc/self/ns/pid").LinkTarget is { } target
                ? new string([.. target.Where(char.IsAsciiDigit)])
                : "0";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "0";
        }
    }
}
