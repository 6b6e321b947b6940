using BenchmarkDotNet.Running;
using Tessera.Benchmarks;

// `--pipeline-peak [items]` runs the Set → Filter → Sort pipeline once in a fresh process and prints wall time and
// peak resident memory (what the data-nodes issue targets); everything else goes to BenchmarkDotNet.
if (args is ["--pipeline-peak", ..])
{
    return await PipelinePeak.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000);
}

if (args.Length > 0 && args[0] == "durability")
{
    await DurabilityBench.RunAsync(args);
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
