using Tessera.Storage.Tests.Compliance;
using Tessera.Storage.Tests.Infrastructure;

namespace Tessera.Storage.Tests.Sqlite;

public sealed class SqlitePipelinedCommitTests() : PipelinedCommitCompliance(() => new SqliteTarget());
