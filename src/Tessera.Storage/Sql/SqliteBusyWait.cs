using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Tessera.Storage.Sql;

/// <summary>
/// How a connection waits for another connection's write lock. The bundled SQLite (3.35, e_sqlite3) was built
/// without <c>usleep</c>, so its own busy-timeout handler sleeps a whole second between tries: a lock held for 30 ms
/// cost a waiter 1,001 ms (measured), and under webhook load a write beside the journal writer waited 2–3 s. This
/// handler retries after 1, 2 and then 5 ms, until the busy timeout is spent. SQLitePCLRaw 2.0 does not expose
/// <c>sqlite3_busy_handler</c>, so it is called directly in the same native library.
/// </summary>
internal static class SqliteBusyWait
{
    private static readonly BusyCallback Callback = OnBusy;
    private static readonly IntPtr CallbackPointer = Marshal.GetFunctionPointerForDelegate(Callback);
    private static bool _unavailable;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int BusyCallback(IntPtr timeoutMilliseconds, int count);

    /// <summary>
    /// Installs the handler on the connection's native handle (replacing <c>PRAGMA busy_timeout</c>'s). Where the
    /// native call is unavailable, the connection keeps SQLite's own handler, which is slower but correct.
    /// </summary>
    public static void Install(SqliteConnection connection, TimeSpan timeout)
    {
        if (_unavailable || connection.Handle is not { } handle)
        {
            return;
        }

        try
        {
            _ = sqlite3_busy_handler(handle.DangerousGetHandle(), CallbackPointer, (IntPtr)Math.Max(1, (long)timeout.TotalMilliseconds));
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true;
        }
    }

    /// <summary>Milliseconds slept before try <paramref name="count"/> (0-based) of one wait.</summary>
    internal static long SleptBefore(int count) => count switch
    {
        <= 4 => count,
        <= 8 => 4 + ((count - 4) * 2L),
        _ => 12 + ((count - 8) * 5L),
    };

    /// <summary>The pause before try <paramref name="count"/> + 1.</summary>
    internal static int PauseAfter(int count) => (int)(SleptBefore(count + 1) - SleptBefore(count));

    private static int OnBusy(IntPtr timeoutMilliseconds, int count)
    {
        if (SleptBefore(count) >= (long)timeoutMilliseconds)
        {
            return 0;
        }

        Thread.Sleep(PauseAfter(count));
        return 1;
    }

    // DllImport, not LibraryImport: the latter needs unsafe code for nothing here (three pointer-sized arguments).
    [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
    private static extern int sqlite3_busy_handler(IntPtr db, IntPtr callback, IntPtr argument);
}
