using System.Diagnostics;

namespace Tessera.Benchmarks;

/// <summary>
/// A quick stand-in for the BenchmarkDotNet run of <see cref="DataNodeBenchmarks"/>: each benchmark warmed once, then
/// timed over a few runs, printing wall time and bytes allocated per item (exact, from the GC's counter).
/// </summary>
internal static class DataNodeAllocations
{
    public static async Task<int> RunAsync(int items, int runs)
    {
        var benchmark = new DataNodeBenchmarks { Items = items };
        benchmark.Setup();
        (string Name, Func<Task> Run)[] cases =
        [
            ("set", benchmark.Set), ("filter", benchmark.Filter), ("sort", benchmark.Sort),
            ("aggregate", benchmark.Aggregate), ("pipeline", benchmark.Pipeline),
        ];
        foreach (var (name, run) in cases)
        {
            await run();
            var best = double.MaxValue;
            long allocated = 0;
            for (var r = 0; r < runs; r++)
            {
                GC.Collect();
                var before = GC.GetTotalAllocatedBytes(precise: true);
                var clock = Stopwatch.StartNew();
                await run();
                best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
                allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            }

            Console.WriteLine($"{name,-10} best {best,8:F1} ms  {best * 1e6 / items,8:F0} ns/item  {allocated / 1048576.0,8:F1} MB  {allocated / (double)items,7:F0} B/item");
        }

        return 0;
    }
}
