#include "engine/screening/party_matching.h"

#include <gtest/gtest.h>

#include "engine/store/match_store.h"
#include "engine/store/process_store.h"
#include "engine/store/store_transaction.h"

namespace clearbid {
namespace {

ListEntry Entry(std::string id, EntitySchema schema, std::string name, std::vector<Identifier> ids = {}) {
  ListEntry e;
  e.entry_id = std::move(id);
  e.source = "national";
  e.schema = schema;
  e.name = std::move(name);
  e.identifiers = std::move(ids);
  e.list_version = 7;
  return e;
}

std::unique_ptr<MatcherListScreener> Screener(const std::string& sha) {
  ListVersion v;
  v.id = 7;
  v.name = "national";
  v.file_sha256 = sha;
  return MatcherListScreener::FromEntries(
      {Entry("c1", EntitySchema::kCompany, "Confeccoes Sul Lda"),
       Entry("c2", EntitySchema::kCompany, "Recrutamento Rapido Unipessoal", {{"PT-NIPPC", "599000111", ""}}),
       Entry("p1", EntitySchema::kPerson, "Joao Exemplo Silva")},
      {v});
}

Party MakeParty(std::string id, std::string name, std::string scheme, std::string ident, std::string country) {
  Party p;
  p.id = id;
  p.name = std::move(name);
  p.identifier.scheme = std::move(scheme);
  p.identifier.id = std::move(ident);
  p.address.country = std::move(country);
  return p;
}

TEST(PartyMatchingTest, MatchesStoredPartiesAndDisclosuresIdempotently) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db.ok());
  auto processes = ProcessStore::Open(db->get());
  ASSERT_TRUE(processes.ok());
  ContractingProcess p;
  p.ocid = "ocds-test-1";
  p.parties = {MakeParty("a", "Confeções Sul, Lda.", "PT-NIPPC", "513000777", "PT"),
               MakeParty("b", "Uniformes Norte, S.A.", "PT-NIPPC", "509876543", "PT")};
  ASSERT_TRUE((*processes)->PutProcess(p, "digest-1", 1, nullptr).ok());

  auto subjects = StoredPartySubjects(processes->get());
  ASSERT_TRUE(subjects.ok()) << subjects.status().ToString();
  ASSERT_EQ(subjects->size(), 2u);
  EXPECT_EQ((*subjects)[0].party_key, "PT-NIPPC/509876543");

  SupplierDisclosure d;
  d.party.scheme = "PT-NIPPC";
  d.party.id = "509876543";
  RecruitmentAgency agency;
  agency.ref = "A1";
  agency.name = "Agência Nova";
  agency.identifier.scheme = "PT-NIPPC";
  agency.identifier.id = "599000111";
  d.recruitment.agencies.push_back(agency);
  std::vector<MatchSubject> extra = DisclosureSubjects(d);
  ASSERT_EQ(extra.size(), 1u);
  subjects->insert(subjects->end(), extra.begin(), extra.end());

  auto store = MatchStore::Open(db->get());
  ASSERT_TRUE(store.ok());
  auto transactions = SqliteTransactions(db->get());
  auto screener = Screener(std::string(64, 'a'));
  auto first = MatchSubjects(*subjects, *screener, transactions.get(), store->get(), {2, false});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->subjects, 3);
  EXPECT_EQ(first->screened, 3);
  EXPECT_EQ(first->subjects_with_results, 2);  // Confeções Sul by name, the agency by identifier

  auto sul = (*store)->ResultsFor("PT-NIPPC/513000777");
  ASSERT_TRUE(sul.ok());
  ASSERT_EQ(sul->size(), 1u);
  EXPECT_EQ((*sul)[0].match.entry_id, "c1");
  EXPECT_EQ((*sul)[0].match.list, "national");
  EXPECT_EQ((*sul)[0].match.list_version, 7);
  EXPECT_TRUE((*sul)[0].match.is_match);
  EXPECT_EQ((*sul)[0].algorithm, std::string(kMatchAlgorithmVersion));
  EXPECT_EQ((*sul)[0].lists_fingerprint, screener->Fingerprint());
  auto norte = (*store)->ResultsFor("PT-NIPPC/509876543");
  ASSERT_TRUE(norte.ok());
  ASSERT_EQ(norte->size(), 1u);
  EXPECT_EQ((*norte)[0].subject, "A1");
  EXPECT_TRUE((*norte)[0].match.identifier_match);

  auto counts_before = (*store)->Counts();
  ASSERT_TRUE(counts_before.ok());
  EXPECT_EQ(counts_before->screenings, 3);  // "no match" is recorded too
  auto again = MatchSubjects(*subjects, *screener, transactions.get(), store->get(), {2, false});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->screened, 0);
  EXPECT_EQ(again->unchanged, 3);
  auto forced = MatchSubjects(*subjects, *screener, transactions.get(), store->get(), {1, true});
  ASSERT_TRUE(forced.ok());
  EXPECT_EQ(forced->screened, 0);  // same inputs, same lists: nothing rewritten
  auto counts_after = (*store)->Counts();
  ASSERT_TRUE(counts_after.ok());
  EXPECT_EQ(counts_after->results, counts_before->results);

  // A new list version is a new screening; the older results stay for audit.
  auto newer = Screener(std::string(64, 'b'));
  auto third = MatchSubjects(*subjects, *newer, transactions.get(), store->get());
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->screened, 3);
  auto counts_new = (*store)->Counts();
  ASSERT_TRUE(counts_new.ok());
  EXPECT_EQ(counts_new->results, 2 * counts_before->results);
}

TEST(PartyMatchingTest, NoListIsAnError) {
  auto db = Database::Open(":memory:");
  ASSERT_TRUE(db.ok());
  auto store = MatchStore::Open(db->get());
  ASSERT_TRUE(store.ok());
  auto empty = MatcherListScreener::FromEntries({}, {});
  auto transactions = SqliteTransactions(db->get());
  auto r = MatchSubjects({MatchSubject{"k", "party", "Name", "", "", ""}}, *empty, transactions.get(), store->get());
  EXPECT_FALSE(r.ok());
}

}  // namespace
}  // namespace clearbid
