namespace TrialStartup.Data.Transactions;

using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

/// <summary>
/// Savepoints on PostgreSQL without round trips of their own.
/// <para>
/// EF Core sets a savepoint before every SaveChanges in a transaction the caller opened (a request's unit of work, a
/// consumer's receipt), and releases it after. That keeps the transaction usable when a save fails: a lost race for a
/// stream version or a chain link is undone and decided again in the same transaction. But EF sends each as a command of
/// its own. That was two of the ten round trips of a decision, one wait on the database each (benchmarks/README.md,
/// "Savepoints without round trips").
/// </para>
/// <para>
/// Here a savepoint goes out with the next command instead: <see cref="DbTransaction.Save(string)"/> is Npgsql's way to
/// prepend it. It is never released: PostgreSQL releases every savepoint when the transaction ends, and a later savepoint
/// of the same name hides an earlier one, so a rollback to it still undoes just the failed save. What that costs is one
/// level of nesting per save until the transaction ends (a request makes one to three).
/// </para>
/// </summary>
internal sealed class PostgresSavepointsTransactionFactory(RelationalTransactionFactoryDependencies dependencies)
    : RelationalTransactionFactory(dependencies)
{
    public override RelationalTransaction Create(IRelationalConnection connection, DbTransaction transaction, Guid transactionId,
        IDiagnosticsLogger<DbLoggerCategory.Database.Transaction> logger, bool transactionOwned) =>
        new PostgresSavepointsTransaction(connection, transaction, transactionId, logger, transactionOwned, Dependencies.SqlGenerationHelper);

    private sealed class PostgresSavepointsTransaction(IRelationalConnection connection, DbTransaction transaction, Guid transactionId,
        IDiagnosticsLogger<DbLoggerCategory.Database.Transaction> logger, bool transactionOwned, ISqlGenerationHelper sqlGenerationHelper)
        : RelationalTransaction(connection, transaction, transactionId, logger, transactionOwned, sqlGenerationHelper)
    {
        public override void CreateSavepoint(string name) => this.GetDbTransaction().Save(name);

        public override Task CreateSavepointAsync(string name, CancellationToken cancellationToken = default) =>
            this.GetDbTransaction().SaveAsync(name, cancellationToken);

        public override void ReleaseSavepoint(string name)
        {
        }

        public override Task ReleaseSavepointAsync(string name, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
