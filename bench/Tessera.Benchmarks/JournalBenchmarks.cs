using BenchmarkDotNet.Attributes;
using Npgsql;
using Tessera.Engine.Journal;
using Tessera.Storage;

namespace Tessera.Benchmarks;

/// <summary>
/// Journal append throughput: one NodeCompleted event carrying 10 small items per append (the common case of a
/// node finishing), each append its own transaction with the optimistic sequence check. SQLite runs in a temp data
/// directory; PostgreSQL in a fresh schema of the server named by TESSERA_TEST_POSTGRES (start one with
/// scripts/test-postgres.sh). Run: dotnet run -c Release --project bench/Tessera.Benchmarks -- --filter '*Journal*' --job short --inProcess
/// </summary>
[MemoryDiagnoser]
public class JournalBenchmarks
{
    private const int AppendsPerInvoke = 100;
    private TesseraStorage _storage = null!;
    private string _dataDir = string.Empty;
    private string? _schema;
    private string _executionId = string.Empty;
    private long _sequence;
    private string _outputs = string.Empty;

    [Params("sqlite", "postgres")]
    public string Backend { get; set; } = "sqlite";

    [GlobalSetup]
    public void Setup()
    {
        var options = new StorageOptions();
        if (Backend == "postgres")
        {
            var baseConnection = Environment.GetEnvironmentVariable("TESSERA_TEST_POSTGRES")
                ?? throw new InvalidOperationException("Set TESSERA_TEST_POSTGRES (eval \"$(scripts/test-postgres.sh start)\") to benchmark PostgreSQL.");
            _schema = "bench_" + Guid.NewGuid().ToString("N");
            using (var connection = new NpgsqlConnection(baseConnection))
            {
                connection.Open();
                using var command = new NpgsqlCommand($"CREATE SCHEMA {_schema}", connection);
                command.ExecuteNonQuery();
            }

            options.Provider = StorageProvider.Postgres;
            options.ConnectionString = new NpgsqlConnectionStringBuilder(baseConnection) { SearchPath = _schema }.ConnectionString;
        }
        else
        {
            _dataDir = Path.Combine(Path.GetTempPath(), "tessera-bench-" + Guid.NewGuid().ToString("N"));
            options.DataDirectory = _dataDir;
        }

        _storage = TesseraStorage.OpenAsync(options).GetAwaiter().GetResult();
        _outputs = "[[" + string.Join(",", Enumerable.Range(0, 10).Select(i => $"{{\"json\":{{\"id\":{i},\"name\":\"item {i}\",\"ok\":true}}}}")) + "]]";
        _executionId = "bench-" + Guid.NewGuid().ToString("N");
        _storage.Executions.CreateAsync(new ExecutionCreated { ExecutionId = _executionId, WorkflowJson = "{}", Mode = "manual", Timestamp = DateTimeOffset.UtcNow }, CancellationToken.None).GetAwaiter().GetResult();
        _sequence = 1;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _storage.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (_schema is not null)
        {
            using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("TESSERA_TEST_POSTGRES"));
            connection.Open();
            using var command = new NpgsqlCommand($"DROP SCHEMA {_schema} CASCADE", connection);
            command.ExecuteNonQuery();
        }
        else if (_dataDir.Length > 0)
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    /// <summary>100 sequential appends of one NodeCompleted (10 items) each; ops/s = 100 / mean.</summary>
    [Benchmark(OperationsPerInvoke = AppendsPerInvoke)]
    public async Task AppendNodeCompleted()
    {
        for (var i = 0; i < AppendsPerInvoke; i++)
        {
            var e = new NodeCompleted
            {
                ExecutionId = _executionId,
                Timestamp = DateTimeOffset.UtcNow,
                Node = "Set",
                RunIndex = (int)_sequence,
                OutputsJson = _outputs,
                DurationMs = 0.2,
            };
            await _storage.Executions.AppendAsync(_executionId, _sequence, [e], CancellationToken.None);
            _sequence++;
        }
    }
}
