// The ProcessStore conformance suite on SQLite, plus what only SQLite does:
// text is kept byte for byte, whatever its encoding.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/store/process_store.h"
#include "engine/store/store_transaction.h"
#include "tests/engine/store/process_store_conformance.h"
#include "tests/engine/store/sqlite_store_factory.h"
#include "tests/test_util.h"

namespace clearbid::testing {

using SqliteProcessStoreFactory = SqliteStoreFactory<ProcessStore, &OpenSqliteProcessStore>;

INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, ProcessStoreConformance, ::testing::Types<SqliteProcessStoreFactory>);

namespace {

TEST(SqliteProcessStoreTest, OpenIsTheSqliteStore) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db.ok());
  auto a = ProcessStore::Open(db->get());
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE((*a)->PutRelease(ConformanceRelease("ocds-x-1", "r1", "2025-01-01", "{}")).ok());
  // A second store on the same connection sees the same rows (migrations ran once).
  auto b = OpenSqliteProcessStore(db->get());
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  auto counts = (*b)->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->releases, 1);
}

// Party appearances and items go in multi-row INSERTs of up to 16 rows: a
// process with more keeps every row, in order.
TEST(SqliteProcessStoreTest, ManyPartiesAndItemsAreAllStored) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db.ok());
  auto store = OpenSqliteProcessStore(db->get());
  ASSERT_TRUE(store.ok());
  ContractingProcess p = ConformanceProcess("ocds-many-1");
  for (int i = 0; i < 35; ++i) {
    const std::string n = std::to_string(i);
    // Every fifth supplier is the same organisation under another party id.
    p.parties.push_back(ConformanceParty("s" + n, "Supplier " + n, "PT-NIPC", i % 5 ? "6" + n : "599", "PT",
                                         {"tenderer"}, 1));
    p.tender.items.push_back(ConformanceItem("CPV", "1810000" + std::to_string(i % 10), "Item " + n));
  }
  auto put = (*store)->PutProcess(p, "d", 1, nullptr, /*known_new=*/true);
  ASSERT_TRUE(put.ok()) << put.status().ToString();
  auto counts = (*store)->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->process_parties, 37);
  EXPECT_EQ(counts->parties, 2 + 28 + 1);
  EXPECT_EQ(counts->items, 4 + 35);
  auto q = (*db)->Prepare("SELECT group_concat(seq || ':' || description, '|') FROM"
                          " (SELECT seq, description FROM process_items WHERE ocid = 'ocds-many-1' ORDER BY seq)");
  ASSERT_TRUE(q.ok());
  ASSERT_TRUE(q->Step().ok());
  std::string want;
  std::vector<std::string> descriptions = {"Fardas", "Calçado"};
  for (int i = 0; i < 35; ++i) descriptions.push_back("Item " + std::to_string(i));
  descriptions.push_back("Fardas");
  descriptions.push_back("Calçado");
  for (size_t i = 0; i < descriptions.size(); ++i) want += (i ? "|" : "") + std::to_string(i) + ":" + descriptions[i];
  EXPECT_EQ(q->ColumnText(0), want);
}

// A changed process whose party appearances and items are the same as
// stored keeps its packed row (process_rows): it is not written again, so its
// page is not either; a change to either writes it. Counted by triggers.
TEST(SqliteProcessStoreTest, AChangedProcessKeepsItsUnchangedPartyAndItemRows) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db.ok());
  auto store = OpenSqliteProcessStore(db->get());
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*db)
                  ->Exec("CREATE TEMP TABLE writes (n INTEGER NOT NULL);"
                         "INSERT INTO writes VALUES (0);"
                         "CREATE TEMP TRIGGER pr_ins AFTER INSERT ON process_rows BEGIN"
                         " UPDATE writes SET n = n + 1; END;"
                         "CREATE TEMP TRIGGER pr_upd AFTER UPDATE ON process_rows BEGIN"
                         " UPDATE writes SET n = n + 1; END;"
                         "CREATE TEMP TRIGGER pr_del AFTER DELETE ON process_rows BEGIN"
                         " UPDATE writes SET n = n + 1; END;")
                  .ok());
  auto writes = [&]() {
    auto q = (*db)->Prepare("SELECT n FROM writes");
    EXPECT_TRUE(q.ok());
    auto row = q->Step();
    EXPECT_TRUE(row.ok() && *row);
    return q->ColumnInt(0);
  };
  auto rows = [&](const char* sql) {
    auto q = (*db)->Prepare(sql);
    EXPECT_TRUE(q.ok());
    auto row = q->Step();
    EXPECT_TRUE(row.ok() && *row);
    return q->ColumnText(0);
  };
  const char* kParties = "SELECT group_concat(party_id || ':' || party_key || ':' || name || ':' || roles || ':' ||"
                         " tier || ':' || country, '|') FROM (SELECT * FROM process_parties ORDER BY ocid, party_id)";
  const char* kItems = "SELECT group_concat(seq || ':' || stage || ':' || scheme || ':' || code || ':' || description,"
                       " '|') FROM (SELECT * FROM process_items ORDER BY ocid, seq)";

  ContractingProcess p = ConformanceProcess("ocds-keep-1");
  // The same party id twice: the first appearance is the stored row.
  p.parties.push_back(ConformanceParty("buyer", "Another Buyer", "PT-NIPC", "599999999", "PT", {"buyer"}, 0));
  ASSERT_TRUE((*store)->PutProcess(p, "d1", 1, nullptr).ok());
  EXPECT_EQ(writes(), 1);
  auto counts = (*store)->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->process_parties, 2);
  EXPECT_EQ(counts->items, 4);
  const std::string parties = rows(kParties), items = rows(kItems);
  EXPECT_EQ(parties,
            "buyer:PT-NIPC/500000000:Câmara Municipal:buyer:0:PT|"
            "sup:PT-NIPC/505678901:Têxteis Lda:supplier,tenderer:1:PT")
      << parties;

  // Another state, the same parties and items (a title changed, say).
  p.tender.title = "Amended";
  auto put = (*store)->PutProcess(p, "d2", 2, nullptr);
  ASSERT_TRUE(put.ok()) << put.status().ToString();
  EXPECT_TRUE(*put);
  EXPECT_EQ(writes(), 1);
  EXPECT_EQ(rows(kParties), parties);
  EXPECT_EQ(rows(kItems), items);

  // One party's roles change: the row is written, items are the same.
  p.parties[1].roles.push_back("tenderer");
  ASSERT_TRUE((*store)->PutProcess(p, "d3", 3, nullptr).ok());
  EXPECT_EQ(writes(), 2);
  EXPECT_NE(rows(kParties), parties);
  EXPECT_NE(rows(kParties).find("supplier,tenderer,tenderer"), std::string::npos) << rows(kParties);
  EXPECT_EQ(rows(kItems), items);

  // One item more, the same parties: written again.
  p.contracts[0].items.push_back(ConformanceItem("CPV", "18800000", "Botas"));
  ASSERT_TRUE((*store)->PutProcess(p, "d4", 4, nullptr).ok());
  EXPECT_EQ(writes(), 3);
  EXPECT_NE(rows(kItems).find(":Botas"), std::string::npos) << rows(kItems);

  // And fewer rows of each: the extra stored rows go.
  p.parties.resize(1);
  p.contracts[0].items.clear();
  ASSERT_TRUE((*store)->PutProcess(p, "d5", 5, nullptr).ok());
  counts = (*store)->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->process_parties, 1);
  EXPECT_EQ(counts->items, 3);
}

// In a bulk load new parties wait in parties_pending and reach `parties` in
// key order when it ends: the same store, row for row, as writing them one
// by one (the first row of a key kept, a row stored before kept too); reads
// see them while they wait, and a bulk load that never ended is finished by
// the next one.
TEST(SqliteProcessStoreTest, ABulkLoadAddsItsPartiesWhenItEnds) {
  auto put_all = [](ProcessStore& store, int from, int to) {
    for (int i = from; i < to; ++i) {
      const std::string n = std::to_string(i);
      ContractingProcess p = ConformanceProcess("ocds-bulk-" + n);
      // A shared supplier under a name that changes: the first name stays.
      p.parties[1].name = "Shared " + n;
      p.parties.push_back(ConformanceParty("own", "Own " + n, "XI-TEST", std::to_string(1000 - i), "PT", {"tenderer"}, 1));
      ASSERT_TRUE(store.PutProcess(p, "d" + n, 1, nullptr).ok());
    }
  };
  auto one_by_one_db = Database::Open(":memory:");
  ASSERT_TRUE(one_by_one_db.ok());
  auto one_by_one = OpenSqliteProcessStore(one_by_one_db->get());
  ASSERT_TRUE(one_by_one.ok());
  put_all(**one_by_one, 0, 30);
  auto want = (*one_by_one)->ContentDigest();
  ASSERT_TRUE(want.ok());

  const std::string path = TempDir("process_store_bulk") + "/bulk.db";
  auto pending = [](Database& db) {
    auto q = db.Prepare("SELECT (SELECT count(*) FROM parties_pending), (SELECT count(*) FROM parties)");
    EXPECT_TRUE(q.ok());
    auto row = q->Step();
    EXPECT_TRUE(row.ok() && *row);
    return std::to_string(q->ColumnInt(0)) + "/" + std::to_string(q->ColumnInt(1));
  };
  {
    auto db = Database::Open(path);
    ASSERT_TRUE(db.ok());
    auto store = OpenSqliteProcessStore(db->get());
    ASSERT_TRUE(store.ok());
    put_all(**store, 0, 5);  // before any bulk load: straight to `parties`
    EXPECT_EQ(pending(**db), "0/7");
    ASSERT_TRUE((*store)->BeginBulkLoad().ok());
    put_all(**store, 5, 20);
    EXPECT_EQ(pending(**db), "45/7");  // every party row of the bulk load, repeated keys too
    // Ends without EndBulkLoad (a killed ingest): the rows wait.
  }
  auto db = Database::Open(path);
  ASSERT_TRUE(db.ok());
  auto store = OpenSqliteProcessStore(db->get());
  ASSERT_TRUE(store.ok());
  EXPECT_EQ(pending(**db), "45/7");
  auto shared_names = [](ProcessStore& store) {
    std::vector<std::string> names;
    EXPECT_TRUE(store
                    .ForEachParty([&](const std::string& key, const std::string& name, const std::string&,
                                      const std::string&, const std::string&) {
                      if (key == "PT-NIPC/505678901" || key.starts_with("XI-TEST/99")) names.push_back(name);
                      return Status::Ok();
                    })
                    .ok());
    return names;
  };
  // Reads see the waiting rows as the table will have them.
  auto counts = (*store)->Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->parties, 22);
  EXPECT_EQ(shared_names(**store), (std::vector<std::string>{"Shared 0", "Own 10", "Own 9", "Own 8", "Own 7", "Own 6",
                                                             "Own 5", "Own 4", "Own 3", "Own 2", "Own 1"}));
  ASSERT_TRUE((*store)->BeginBulkLoad().ok());
  EXPECT_EQ(pending(**db), "0/22");
  put_all(**store, 20, 30);
  EXPECT_EQ(pending(**db), "30/22");
  auto waiting = (*store)->ContentDigest();
  ASSERT_TRUE(waiting.ok());
  EXPECT_EQ(*waiting, *want);
  ASSERT_TRUE((*store)->EndBulkLoad().ok());
  EXPECT_EQ(pending(**db), "0/32");
  auto got = (*store)->ContentDigest();
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(*got, *want);
  EXPECT_EQ(shared_names(**store).front(), "Shared 0");
}

// The merge at the end of a bulk load takes the rows the store wrote to
// parties_pending from the copy it kept of them, but only when the table
// holds exactly those: after a transaction rolled back, or when another
// connection merged them and wrote its own (here with as many rows), it
// reads the table instead. The store is the same as writing every
// committed process one by one.
TEST(SqliteProcessStoreTest, ABulkLoadMergesWhatTheTableHoldsAfterARollbackOrAnotherConnectionsWrites) {
  auto put_all = [](ProcessStore& store, int from, int to) {
    for (int i = from; i < to; ++i) {
      const std::string n = std::to_string(i);
      ContractingProcess p = ConformanceProcess("ocds-copy-" + n);
      p.parties[1].name = "Shared " + n;
      p.parties.push_back(ConformanceParty("own", "Own " + n, "XI-TEST", std::to_string(1000 - i), "PT", {"tenderer"}, 1));
      ASSERT_TRUE(store.PutProcess(p, "d" + n, 1, nullptr).ok());
    }
  };
  auto digest_of = [&](int from, int to) {
    auto db = Database::Open(":memory:");
    EXPECT_TRUE(db.ok());
    auto store = OpenSqliteProcessStore(db->get());
    EXPECT_TRUE(store.ok());
    put_all(**store, from, to);
    auto d = (*store)->ContentDigest();
    EXPECT_TRUE(d.ok());
    return *d;
  };
  auto pending_rows = [](Database& db) {
    auto q = db.Prepare("SELECT count(*) FROM parties_pending");
    EXPECT_TRUE(q.ok());
    auto row = q->Step();
    EXPECT_TRUE(row.ok() && *row);
    return q->ColumnInt(0);
  };
  {
    // A transaction rolled back: its rows were copied but are not stored.
    const std::string path = TempDir("process_store_copy_rollback") + "/bulk.db";
    auto db = Database::Open(path);
    ASSERT_TRUE(db.ok());
    auto store = OpenSqliteProcessStore(db->get());
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->BeginBulkLoad().ok());
    ASSERT_TRUE((*db)->Exec("BEGIN").ok());
    put_all(**store, 0, 5);
    ASSERT_TRUE((*db)->Exec("ROLLBACK").ok());
    put_all(**store, 5, 10);
    EXPECT_EQ(pending_rows(**db), 15);
    ASSERT_TRUE((*store)->EndBulkLoad().ok());
    EXPECT_EQ(pending_rows(**db), 0);
    auto got = (*store)->ContentDigest();
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(*got, digest_of(5, 10));
  }
  {
    // Another connection's bulk load merges the first one's rows and writes
    // as many of its own before the first one ends.
    const std::string path = TempDir("process_store_copy_other") + "/bulk.db";
    auto db = Database::Open(path);
    ASSERT_TRUE(db.ok());
    auto store = OpenSqliteProcessStore(db->get());
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->BeginBulkLoad().ok());
    put_all(**store, 0, 10);
    auto other_db = Database::Open(path);
    ASSERT_TRUE(other_db.ok());
    auto other = OpenSqliteProcessStore(other_db->get());
    ASSERT_TRUE(other.ok());
    ASSERT_TRUE((*other)->BeginBulkLoad().ok());
    put_all(**other, 10, 20);
    EXPECT_EQ(pending_rows(**db), 30);  // as many as the first store copied
    ASSERT_TRUE((*store)->EndBulkLoad().ok());
    EXPECT_EQ(pending_rows(**db), 0);
    auto got = (*store)->ContentDigest();
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(*got, digest_of(0, 20));
  }
}

// The merge at the end of a bulk load keeps the first row written of each
// key however long the common prefix of the keys (its sort compares their
// first 16 bytes as integers, then the whole keys, then the write order).
TEST(SqliteProcessStoreTest, ABulkLoadKeepsTheFirstRowOfEachKeyHoweverLongTheirCommonPrefix) {
  const std::vector<std::string> ids = {
      "0123456789abcdefZ", "0123456789abcdef", "0123456789abcdefA", "0123456789abcdeg", "\xC3\xA9t\xC3\xA9",
      "0123456789abcdefA", "01",               "0",                 std::string("0123456789ab\0d", 14),
      "0123456789abcdef\x01", "0123456789abcdeZ", "\x7F", "0123456789ab", "0123456789abcdefZ", "0",
      "0123456789abcdef", std::string("0123456789ab\0d", 14)};
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db.ok());
  auto store = OpenSqliteProcessStore(db->get());
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->BeginBulkLoad().ok());
  std::map<std::string, std::string> want;  // key -> the first name written
  for (size_t i = 0; i < ids.size(); ++i) {
    ContractingProcess p;
    p.ocid = "ocds-sort-" + std::to_string(i);
    p.parties.push_back(ConformanceParty("p", "Name " + std::to_string(i), "S", ids[i], "PT", {"supplier"}, 1));
    want.emplace("S/" + ids[i], "Name " + std::to_string(i));
    ASSERT_TRUE((*store)->PutProcess(p, "d" + std::to_string(i), 1, nullptr).ok());
  }
  ASSERT_TRUE((*store)->EndBulkLoad().ok());
  auto q = (*db)->Prepare("SELECT party_key, name FROM parties ORDER BY party_key");
  ASSERT_TRUE(q.ok());
  std::vector<std::pair<std::string, std::string>> got;
  for (;;) {
    auto row = q->Step();
    ASSERT_TRUE(row.ok());
    if (!*row) break;
    got.emplace_back(q->ColumnText(0), q->ColumnText(1));
  }
  EXPECT_EQ(got, (std::vector<std::pair<std::string, std::string>>(want.begin(), want.end())));
}

}  // namespace
}  // namespace clearbid::testing
