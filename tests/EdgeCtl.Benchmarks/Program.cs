using BenchmarkDotNet.Running;

// Run: dotnet run -c Release --project tests/EdgeCtl.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
