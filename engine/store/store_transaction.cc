#include "engine/store/store_transaction.h"

#include <optional>

#include "engine/store/pg/pg_connection.h"
#include "engine/store/sqlite_db.h"

namespace clearbid {
namespace {

template <typename Tx, typename Conn>
class OpenTransaction final : public StoreTransaction {
 public:
  explicit OpenTransaction(Conn& conn) : tx_(conn) {}
  Status status() const { return tx_.status(); }
  Status Commit() override { return tx_.Commit(); }

 private:
  Tx tx_;
};

template <typename Tx, typename Conn>
class Source final : public TransactionSource {
 public:
  explicit Source(Conn* conn) : conn_(conn) {}
  Result<std::unique_ptr<StoreTransaction>> Begin() override {
    auto tx = std::make_unique<OpenTransaction<Tx, Conn>>(*conn_);
    RETURN_IF_ERROR(tx->status());
    return std::unique_ptr<StoreTransaction>(std::move(tx));
  }

 private:
  Conn* conn_;
};

}  // namespace

std::unique_ptr<TransactionSource> SqliteTransactions(Database* db) {
  return std::make_unique<Source<Transaction, Database>>(db);
}

std::unique_ptr<TransactionSource> PostgresTransactions(PgConnection* conn) {
  return std::make_unique<Source<PgTransaction, PgConnection>>(conn);
}

}  // namespace clearbid
