using System.Diagnostics;
using System.Globalization;

namespace Tessera.Storage.Executions;

/// <summary>
/// Who holds a running execution (docs/storage.md, "Leases"): <c>host/pid-namespace:pid:start:n</c>, one per opened
/// storage. The host and PID namespace (containers on one host share its name with host networking, but each has its
/// own process ids), process id and process start let another process that sees the same processes tell at once that
/// the holder died (a crash, a kill); a holder elsewhere is known dead only when its lease expires. <c>n</c> tells
/// apart the storages one process opened.
/// </summary>
internal static class ExecutionLeases
{
    private static readonly string ThisMachine = Environment.MachineName.Replace(':', '_') + "/" + PidNamespace();

    private static readonly string ThisProcess = string.Create(
        CultureInfo.InvariantCulture,
        $"{ThisMachine}:{Environment.ProcessId}:{StartToken(Environment.ProcessId)}");

    private static int s_opened;

    /// <summary>A new owner name for one opened storage (two in one process are two owners, as in the tests).</summary>
    public static string NewOwner() =>
        ThisProcess + ":" + Interlocked.Increment(ref s_opened).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// True when <paramref name="owner"/> names a process on this host that no longer runs (its id is free or now
    /// belongs to a process started at another time). Unknown forms (owners written before the start token had its
    /// kind letter) and other hosts: false, so only the lease's expiry frees them.
    /// </summary>
    public static bool IsDeadOnThisHost(string owner)
    {
        var parts = owner.Split(':');
        if (parts.Length != 4 || !string.Equals(parts[0], ThisMachine, StringComparison.Ordinal)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || parts[2].Length < 2 || parts[2][0] is not ('b' or 't'))
        {
            return false;
        }

        return !string.Equals(StartToken(pid), parts[2], StringComparison.Ordinal);
    }

    /// <summary>
    /// When process <paramref name="pid"/> started, as a token every process on this host reads alike; null when no such
    /// process runs. Linux: <c>b</c> and its start in clock ticks after boot (<c>/proc/&lt;pid&gt;/stat</c>, field 22).
    /// <see cref="Process.StartTime"/> is not used there: .NET derives it from that field with its own process's
    /// estimate of the boot time, which differs between processes by milliseconds, so every holder looked dead to every
    /// other process. Elsewhere: <c>t</c> and <see cref="Process.StartTime"/>'s UTC ticks, which the OS keeps as a time.
    /// </summary>
    internal static string? StartToken(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            string stat;
            try
            {
                stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null; // No process with that id (or it exited while being read).
            }

            // "pid (name) state ppid …": the name may hold spaces and parentheses, so fields count from the last ')';
            // state is field 3, start time field 22.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 19 ? "b" + fields[19] : null;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return "t" + process.StartTime.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture);
        }
        catch (ArgumentException)
        {
            return null; // No process with that id.
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null; // It exited while being looked at.
        }
    }

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
