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

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
