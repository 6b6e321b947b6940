using System.Globalization;

namespace Tessera.Engine.Execution;

/// <summary>
/// New execution ids. n8n's are numbers and workflows use them as such (<c>parseInt($execution.id)</c>, a Set field typed
/// number), so Tessera's are numeric strings too: Unix milliseconds × 1000 plus a per-process sequence, which sort by
/// creation time, never repeat within a process and stay below 2^53 (exact as a JavaScript number) until the year 2255.
/// </summary>
public static class ExecutionIds
{
    private static long _last;

    /// <summary>A new id, read from <paramref name="time"/> (the system clock when null).</summary>
    public static string New(TimeProvider? time = null)
    {
        var candidate = (time ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        long last;
        long next;
        do
        {
            last = Volatile.Read(ref _last);
            next = Math.Max(candidate, last + 1);
        }
        while (Interlocked.CompareExchange(ref _last, next, last) != last);

        return next.ToString(CultureInfo.InvariantCulture);
    }
}
