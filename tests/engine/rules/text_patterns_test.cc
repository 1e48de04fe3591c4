// Text indicators of the shipped pack (rules/core/patterns_*.toml) over
// English and Russian audit narratives: hits with indicator, snippet and byte
// offsets, and no hit on negated statements.

#include "engine/rules/text_patterns.h"

#include <gtest/gtest.h>

#include <set>

namespace clearbid {
namespace {

class TextPatternsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto pack = LoadRulePack(CLEARBID_SOURCE_DIR "/rules/core", nullptr);
    ASSERT_TRUE(pack.ok()) << pack.status().message();
    auto scanner = PatternScanner::Build(pack->patterns);
    ASSERT_TRUE(scanner.ok()) << scanner.status().message();
    scanner_ = scanner.value().release();
  }
  static void TearDownTestSuite() {
    delete scanner_;
    scanner_ = nullptr;
  }

  static std::vector<NarrativeHit> Scan(const std::string& text) {
    AuditReport a;
    a.audit_id = "A";
    a.narrative = text;
    std::vector<NarrativeHit> hits;
    scanner_->Scan(a, &hits);
    return hits;
  }
  static std::set<std::string> Indicators(const std::string& text) {
    std::set<std::string> out;
    for (const NarrativeHit& h : Scan(text)) out.insert(h.indicator);
    return out;
  }
  static PatternScanner* scanner_;
};
PatternScanner* TextPatternsTest::scanner_ = nullptr;

struct Sample {
  const char* text;
  const char* indicator;  // expected indicator, or "" for no hit at all
};

// One or more affirmative sentences per indicator and language, each with a negated twin.
const Sample kSamples[] = {
    {"Management exploited the workers' irregular status to cut pay.", "abuse_of_vulnerability"},
    {"Several workers were deceived about the job before departure.", "deception"},
    {"Workers were not deceived about the job.", ""},
    {"Wages were lower than promised in the recruitment interview.", "deception"},
    {"Workers are not allowed to leave the dormitory after 9 pm.", "restriction_of_movement"},
    {"Workers are allowed to leave the dormitory at any time.", ""},
    {"They are locked inside the dormitory at night.", "restriction_of_movement"},
    {"Their mobile phones were confiscated on arrival.", "isolation"},
    {"No phones were confiscated.", ""},
    {"Two women were beaten by a line supervisor.", "physical_and_sexual_violence"},
    {"Workers were not beaten or harassed.", ""},
    {"The supervisors threatened workers with deportation.", "intimidation_and_threats"},
    {"Workers felt threatened by the guards.", "intimidation_and_threats"},
    {"The employer keeps the original passports of all migrant workers.", "retention_of_identity_documents"},
    {"The employer does not keep passports.", ""},
    {"Workers' passports were retained by the agency.", "retention_of_identity_documents"},
    {"No passports were retained by management.", ""},
    {"Passports were kept by the workers themselves.", ""},
    {"The wages were withheld for the first three months.", "withholding_of_wages"},
    {"No wages were withheld.", ""},
    {"Workers reported two months of unpaid wages.", "withholding_of_wages"},
    {"Each worker paid recruitment fees of USD 1,500 to a broker.", "debt_bondage"},
    {"Workers had not paid any recruitment fees.", ""},
    {"Most workers had debts to the recruitment agency.", "debt_bondage"},
    {"Workers had no debts to the agency.", ""},
    {"The dormitory was overcrowded and without running water.", "abusive_working_and_living_conditions"},
    {"The dormitory was not overcrowded.", ""},
    {"Sewing operators work 14 hours a day in peak season.", "excessive_overtime"},
    {"Time records show 72 hours per week in March.", "excessive_overtime"},
    {"Workers are required to work overtime on Sundays.", "excessive_overtime"},
    {"Workers are not required to work overtime.", ""},
    {"Three children were found working in the packing hall.", "child_labour"},
    {"No children were found working on site.", ""},
    {"Two 13-year-old girls were sorting cotton.", "child_labour"},
    {"Auditors found two children working at the dye house.", "child_labour"},
    {"Auditors found no children on site.", ""},
    // Russian
    {"Работодатель пользуется нелегальным положением мигрантов.", "abuse_of_vulnerability"},
    {"Работники были обмануты относительно условий труда.", "deception"},
    {"Работники не были обмануты.", ""},
    {"Условия труда не соответствуют обещанным при найме.", "deception"},
    {"Работникам запрещено покидать общежитие после 21:00.", "restriction_of_movement"},
    {"Работникам не запрещено покидать общежитие.", ""},
    {"Общежитие запирается снаружи на ночь.", "restriction_of_movement"},
    {"У работников отобраны мобильные телефоны.", "isolation"},
    {"Мигранты лишены связи с семьёй.", "isolation"},
    {"Работники не лишены связи с семьёй.", ""},
    {"Бригадир избивал работников.", "physical_and_sexual_violence"},
    {"Работники подвергались насилию со стороны охраны.", "physical_and_sexual_violence"},
    {"Работники не подвергались насилию.", ""},
    {"Руководство угрожает увольнением за жалобы.", "intimidation_and_threats"},
    {"Им не угрожали увольнением.", ""},
    {"РАБОТОДАТЕЛЬ УДЕРЖИВАЕТ ПАСПОРТА РАБОТНИКОВ.", "retention_of_identity_documents"},
    {"Работодатель не удерживает паспорта.", ""},
    {"Паспорта работников хранятся у бригадира.", "retention_of_identity_documents"},
    {"Паспорта работников не изымаются.", ""},
    {"Фактов изъятия паспортов не выявлено.", ""},
    {"Заработная плата задерживается на два месяца.", "withholding_of_wages"},
    {"Заработная плата не задерживается.", ""},
    {"Имеется задолженность по заработной плате.", "withholding_of_wages"},
    {"Задолженности по заработной плате не выявлено.", ""},
    {"Работники отрабатывают долг за проезд.", "debt_bondage"},
    {"Работники не отрабатывают долг.", ""},
    {"Работники заплатили посреднику за трудоустройство.", "debt_bondage"},
    {"Общежитие переполнено, без отопления.", "abusive_working_and_living_conditions"},
    {"Антисанитарные условия в общежитии.", "abusive_working_and_living_conditions"},
    {"Работники работают по 14 часов в день.", "excessive_overtime"},
    {"Работники работают без выходных.", "excessive_overtime"},
    {"Работники не работают без выходных.", ""},
    {"Дети работают на упаковке.", "child_labour"},
    {"Дети не работают на предприятии.", ""},
    {"Несовершеннолетних работников не выявлено.", ""},
    {"На участке работает подросток в возрасте 14 лет.", "child_labour"},
    {"В ходе проверки выявлено 2 несовершеннолетних.", "child_labour"},
    {"В ходе проверки не выявлено несовершеннолетних.", ""},
};

TEST_F(TextPatternsTest, AffirmativeSentencesHitAndNegationsDoNot) {
  for (const Sample& s : kSamples) {
    std::set<std::string> got = Indicators(s.text);
    if (std::string(s.indicator).empty()) {
      EXPECT_TRUE(got.empty()) << s.text << " -> " << ::testing::PrintToString(got);
    } else {
      EXPECT_TRUE(got.count(s.indicator)) << s.text << " -> " << ::testing::PrintToString(got);
    }
  }
}

// Typical wording of a compliant audit: nothing may fire.
TEST_F(TextPatternsTest, CompliantAuditNarrativesHaveNoHits) {
  const char* kEnglish =
      "No evidence of forced labour was found. Workers are free to leave the premises and the dormitory at any "
      "time. Passports and identity documents are kept by the workers themselves; no documents were retained. "
      "Overtime is voluntary and paid at premium rates; workers are not required to work overtime. No workers "
      "under 18 were found and no children were found working. Wages are paid monthly by bank transfer and no "
      "wages were withheld. Dormitories are clean and not overcrowded. Workers have not paid any recruitment "
      "fees and had no debts to the agency. No threats or violence were reported. Workers were not deceived.";
  const char* kRussian =
      "Признаков принудительного труда не выявлено. Работники могут свободно покидать территорию и общежитие. "
      "Паспорта хранятся у самих работников; документы не изымаются. Сверхурочная работа добровольная и "
      "оплачивается в повышенном размере. Несовершеннолетних работников не выявлено, дети не работают. "
      "Заработная плата выплачивается ежемесячно, задолженности по заработной плате нет. Общежитие чистое, не "
      "переполнено. Работники не платили за трудоустройство. Угроз и насилия не отмечено. Работники не были "
      "обмануты.";
  for (const char* text : {kEnglish, kRussian}) {
    std::vector<NarrativeHit> hits = Scan(text);
    for (const NarrativeHit& h : hits) ADD_FAILURE() << h.pattern_id << ": " << h.snippet.substr(0, 200);
  }
}

TEST_F(TextPatternsTest, EveryIndicatorHasEnglishAndRussianPatterns) {
  auto pack = LoadRulePack(CLEARBID_SOURCE_DIR "/rules/core", nullptr);
  ASSERT_TRUE(pack.ok());
  std::set<std::pair<std::string, std::string>> have;
  for (const TextPattern& p : pack->patterns) have.insert({p.indicator, p.language});
  for (int i = 0; i < kIloIndicatorCount; ++i) {
    std::string code(IloIndicatorCode(static_cast<IloIndicator>(i)));
    EXPECT_TRUE(have.count({code, "en"})) << code;
    EXPECT_TRUE(have.count({code, "ru"})) << code;
  }
  EXPECT_TRUE(have.count({"child_labour", "en"}));
  EXPECT_TRUE(have.count({"child_labour", "ru"}));
}

TEST_F(TextPatternsTest, EnglishHitOffsetsAndSnippet) {
  const std::string text = "Site visit on 3 March. The employer keeps the passports of all migrant workers in a safe.";
  std::vector<NarrativeHit> hits = Scan(text);
  ASSERT_EQ(hits.size(), 1u);
  const NarrativeHit& h = hits[0];
  EXPECT_EQ(h.indicator, "retention_of_identity_documents");
  EXPECT_EQ(h.pattern_id, "en-documents-active");
  EXPECT_EQ(h.audit_id, "A");
  EXPECT_EQ(text.substr(h.begin, h.end - h.begin), "employer keeps the passports");
  EXPECT_EQ(h.begin, text.find("employer"));
  EXPECT_NE(h.snippet.find("employer keeps the passports"), std::string::npos);
  EXPECT_EQ(h.snippet, text);  // shorter than twice the context: the whole text
}

TEST_F(TextPatternsTest, RussianHitOffsetsAreUtf8ByteOffsets) {
  const std::string prefix(200, 'x');  // forces a cut snippet
  const std::string text = prefix + " Итоги: работодатель удерживает паспорта работников. Конец отчёта.";
  std::vector<NarrativeHit> hits = Scan(text);
  ASSERT_EQ(hits.size(), 1u);
  const NarrativeHit& h = hits[0];
  EXPECT_EQ(h.indicator, "retention_of_identity_documents");
  EXPECT_EQ(h.pattern_id, "ru-documents-active");
  EXPECT_EQ(h.begin, text.find("работодатель"));
  EXPECT_EQ(text.substr(h.begin, h.end - h.begin), "работодатель удерживает паспорта");
  // The snippet is cut on UTF-8 character boundaries and contains the hit.
  EXPECT_NE(h.snippet.find("работодатель удерживает паспорта"), std::string::npos);
  EXPECT_LT(h.snippet.size(), text.size());
  EXPECT_NE(static_cast<unsigned char>(h.snippet.back()) & 0xC0, 0x80u);
  EXPECT_NE(static_cast<unsigned char>(h.snippet.front()) & 0xC0, 0x80u);
}

TEST_F(TextPatternsTest, HitsInTextOrder) {
  std::vector<NarrativeHit> hits =
      Scan("Workers reported three months of unpaid wages. Later, the dormitory was overcrowded. Дети работают в цехе.");
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].indicator, "withholding_of_wages");
  EXPECT_EQ(hits[1].indicator, "abusive_working_and_living_conditions");
  EXPECT_EQ(hits[2].indicator, "child_labour");
  EXPECT_LT(hits[0].begin, hits[1].begin);
  EXPECT_LT(hits[1].begin, hits[2].begin);
}

}  // namespace
}  // namespace clearbid
