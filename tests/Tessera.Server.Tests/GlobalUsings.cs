// Shared test infrastructure (fixtures, HTTP helpers, sample workflows) for every test folder.
global using Tessera.Server.Tests.Infrastructure;
