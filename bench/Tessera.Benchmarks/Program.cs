using BenchmarkDotNet.Running;
using Tessera.Benchmarks;

if (args.Length > 0 && args[0] == "durability")
{
    await DurabilityBench.RunAsync(args);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
