using BenchmarkDotNet.Running;
using Tessera.Benchmarks;

// `durability [rows]` prints the stopwatch figures of docs/benchmarks.md "Durability" (appends, journaling overhead,
// listing at a million rows).
if (args is ["durability", ..])
{
    await DurabilityBench.RunAsync(args);
    return 0;
}

// `--pipeline-peak [items]` runs the Set → Filter → Sort pipeline once in a fresh process and prints wall time and
// peak resident memory (what the data-nodes issue targets); everything else goes to BenchmarkDotNet.
if (args is ["--pipeline-peak", ..])
{
    return await PipelinePeak.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000);
}

// `--data-node-alloc [items] [runs]` times each DataNodeBenchmarks case in-process and prints exact bytes allocated
// per item: a fast check while working on the data nodes (the BenchmarkDotNet run stays the reported figure).
if (args is ["--data-node-alloc", ..])
{
    var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
    var runs = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3;
    return await DataNodeAllocations.RunAsync(count, runs);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
