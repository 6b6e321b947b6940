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
        var pauseBefore = GC.GetTotalPauseDuration();
        int[] collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var result = await benchmark.Pipeline();
        var run = clock.Elapsed;
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpuBefore;
        var pause = GC.GetTotalPauseDuration() - pauseBefore;
        var collections = string.Join('/', Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - collectionsBefore[g]));
        foreach (var (node, nodeRun) in result.RunData.InOrder)
        {
            Console.WriteLine($"  {node}: {nodeRun.ExecutionTime.TotalMilliseconds:F0} ms");
        }

        var output = result.RunData.InOrder[^1].Run.Outputs[0].Count;
        Console.WriteLine($"items={items} output={output} setup_ms={setup.TotalMilliseconds:F0} pipeline_ms={run.TotalMilliseconds:F0} pipeline_cpu_ms={cpu.TotalMilliseconds:F0} peak_rss_mb={self.PeakWorkingSet64 / (1024.0 * 1024):F0} gc_pause_ms={pause.TotalMilliseconds:F0} gc_0/1/2={collections} gc={(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}{(GCConcurrent() ? " concurrent" : " non-concurrent")} pgo={(TieredPgo() ? "on" : "off")} code={(ReadyToRun() ? "readytorun" : "jit")}");
        return 0;
    }

    // The CLI turns dynamic PGO off (its runtimeconfig); this bench leaves the default unless DOTNET_TieredPGO=0.
    private static bool TieredPgo() => Environment.GetEnvironmentVariable("DOTNET_TieredPGO") switch
    {
        "0" => false,
        "1" => true,
        _ => AppContext.GetData("System.Runtime.TieredPGO") is not bool configured || configured,
    };

    // Whether the engine was precompiled (dotnet publish -p:PublishReadyToRun=true, as ./tessera builds the CLI).
    private static bool ReadyToRun()
    {
        using var stream = File.OpenRead(typeof(WorkflowEngine).Assembly.Location);
        using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
        return reader.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
    }

    // What the runtime was told: DOTNET_gcConcurrent wins over the runtimeconfig (the CLI turns concurrent GC off, this
    // bench leaves the default, on).
    private static bool GCConcurrent() => Environment.GetEnvironmentVariable("DOTNET_gcConcurrent") switch
    {
        "0" => false,
        "1" => true,
        _ => AppContext.GetData("System.GC.Concurrent") is not bool configured || configured,
    };
}
