#include "engine/screening/evidence_builder.h"

#include <gtest/gtest.h>

#include <map>
#include <tuple>

#include "engine/screening/list_screener.h"

namespace clearbid {
namespace {

// Decisions keyed on everything the interface passes, so the test fails if
// BuildEvidence passes the wrong subject key or digest.
class MapDecisions : public MatchDecisions {
 public:
  std::map<std::tuple<std::string, std::string, std::string, std::string>, std::string> decisions;
  std::string Decision(const std::string& subject_key, const std::string& list, const std::string& entry_id,
                       const std::string& entry_digest) const override {
    auto it = decisions.find({subject_key, list, entry_id, entry_digest});
    return it == decisions.end() ? "" : it->second;
  }
};

ListEntry Listed() {
  ListEntry e;
  e.entry_id = "E-1";
  e.source = "national";
  e.schema = EntitySchema::kCompany;
  e.name = "Romashka Trading LLC";
  e.countries = {"MD"};
  e.list_version = 1;
  return e;
}

ContractingProcess Process() {
  ContractingProcess p;
  p.ocid = "ocds-test-1";
  Party party;
  party.id = "S1";
  party.name = "Romashka Trading LLC";
  party.identifier = {"MD-IDNO", "1002600012345", ""};
  party.address.country = "MD";
  party.AddRole("supplier");
  p.parties.push_back(party);
  return p;
}

std::unique_ptr<MatcherListScreener> Screener(const ListEntry& entry) {
  ListVersion v;
  v.id = 1;
  v.name = "national";
  v.file_sha256 = std::string(64, 'a');
  return MatcherListScreener::FromEntries({entry}, {v});
}

TEST(EvidenceBuilderTest, MatchesCarrySubjectKeyAndEntryDigest) {
  auto screener = Screener(Listed());
  EvidenceSources sources;
  sources.lists = screener.get();
  ProcessEvidence ev = BuildEvidence(Process(), sources);
  ASSERT_EQ(ev.parties.size(), 1u);
  ASSERT_EQ(ev.parties[0].matches.size(), 1u);
  const ListMatchEvidence& m = ev.parties[0].matches[0];
  EXPECT_EQ(m.subject_key, "MD-IDNO/1002600012345");
  EXPECT_EQ(m.entry_digest, ListEntryDigest(Listed()));
  EXPECT_EQ(m.decision, "");
}

TEST(EvidenceBuilderTest, ADismissalAppliesOnlyToTheEntryItWasMadeOn) {
  MapDecisions decisions;
  decisions.decisions[{"MD-IDNO/1002600012345", "national", "E-1", ListEntryDigest(Listed())}] = "dismissed";
  EvidenceSources sources;
  sources.decisions = &decisions;

  auto same = Screener(Listed());
  sources.lists = same.get();
  ProcessEvidence ev = BuildEvidence(Process(), sources);
  ASSERT_EQ(ev.parties[0].matches.size(), 1u);
  EXPECT_EQ(ev.parties[0].matches[0].decision, "dismissed");

  // The list publishes a changed entry (a new alias): the dismissal lapses.
  ListEntry changed = Listed();
  changed.aliases.push_back("Romashka Group");
  auto newer = Screener(changed);
  sources.lists = newer.get();
  ev = BuildEvidence(Process(), sources);
  ASSERT_EQ(ev.parties[0].matches.size(), 1u);
  EXPECT_EQ(ev.parties[0].matches[0].decision, "");

  // Another party with the same name is another subject.
  ContractingProcess other = Process();
  other.parties[0].identifier = {"MD-IDNO", "1009999999999", ""};
  sources.lists = same.get();
  ev = BuildEvidence(other, sources);
  ASSERT_EQ(ev.parties[0].matches.size(), 1u);
  EXPECT_EQ(ev.parties[0].matches[0].decision, "");
}

}  // namespace
}  // namespace clearbid
