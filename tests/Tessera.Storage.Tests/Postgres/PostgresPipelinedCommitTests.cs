using Tessera.Storage.Tests.Compliance;
using Tessera.Storage.Tests.Infrastructure;

namespace Tessera.Storage.Tests.Postgres;

[RequiresPostgres]
public sealed class PostgresPipelinedCommitTests() : PipelinedCommitCompliance(() => new PostgresTarget());
