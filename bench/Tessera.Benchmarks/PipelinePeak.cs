using System.Diagnostics;
using Tessera.Engine.Execution;

namespace Tessera.Benchmarks;

/// <summary>One cold run of the 100,000-item Set → Filter → Sort pipeline: wall time (including item creation) and peak RSS.</summary>
internal static class PipelinePeak
{
    public static async Task<int> RunAsync(int items)
    {
        using var self = Process.GetCurrentProcess();
        var benchmark = new DataNodeBenchmarks { Items = items };
        var clock = Stopwatch.StartNew();
        benchmark.Setup();
        var setup = clock.Elapsed;
        clock.Restart();
        var cpuBefore = self.TotalProcessorTime;
        var result = await benchmark.Pipeline();
        var run = clock.Elapsed;
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpuBefore;
        foreach (var (node, nodeRun) in result.RunData.InOrder)
        {
            Console.WriteLine($"  {node}: {nodeRun.ExecutionTime.TotalMilliseconds:F0} ms");
        }

        var output = result.RunData.InOrder[^1].Run.Outputs[0].Count;
        Console.WriteLine($"items={items} output={output} setup_ms={setup.TotalMilliseconds:F0} pipeline_ms={run.TotalMilliseconds:F0} pipeline_cpu_ms={cpu.TotalMilliseconds:F0} peak_rss_mb={self.PeakWorkingSet64 / (1024.0 * 1024):F0}");
        return 0;
    }
}
