#include "engine/matching/name_analysis.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/matching/embedded_data.h"
#include "engine/matching/name_scorer.h"
#include "engine/matching/transliteration.h"

namespace clearbid {
namespace {

std::vector<std::string> Texts(const NameForm& f) {
  std::vector<std::string> out;
  for (const auto& t : f.tokens) out.push_back(t.text);
  return out;
}

const NameForm* FormWithLabel(const AnalysedName& a, const std::string& label) {
  for (const auto& f : a.forms)
    if (f.label == label) return &f;
  return nullptr;
}

TEST(NameAnalysisTest, EmbeddedTablesArePresent) {
  EXPECT_NE(EmbeddedDataFile("legal_forms.tsv").find("GmbH"), std::string_view::npos);
  EXPECT_NE(EmbeddedDataFile("name_words.tsv").find("numword"), std::string_view::npos);
  EXPECT_TRUE(EmbeddedDataFile("no_such_file.tsv").empty());
}

TEST(NameAnalysisTest, CaseFoldingAndDiacritics) {
  auto forms = RomaniseName("Société GÉNÉRALE Straße");
  ASSERT_EQ(forms.size(), 1u);
  EXPECT_EQ(forms[0].text, "societe generale strasse");
  EXPECT_EQ(RomaniseName("ＡＢＣ")[0].text, "abc");  // NFKC: full-width letters
  EXPECT_EQ(RomaniseName("plain ASCII")[0].label, "ascii");
}

TEST(NameAnalysisTest, CyrillicGetsBgnRomanisations) {
  AnalysedName a = AnalyseName("ООО «Ромашка»", EntitySchema::kCompany);
  const NameForm* ru = FormWithLabel(a, "ru-bgn");
  ASSERT_NE(ru, nullptr);
  EXPECT_EQ(Texts(*ru), (std::vector<std::string>{"ooo", "romashka"}));
  EXPECT_EQ(ru->tokens[0].kind, TokenKind::kLegalForm);
  EXPECT_EQ(ru->tokens[0].skeleton, "OOO");
  EXPECT_EQ(LegalClassName(ru->tokens[0].legal_class), "LLC");
  AnalysedName p = AnalyseName("Щербина", EntitySchema::kPerson);
  ASSERT_NE(FormWithLabel(p, "ru-bgn"), nullptr);
  EXPECT_EQ(FormWithLabel(p, "ru-bgn")->tokens[0].text, "shcherbina");
  AnalysedName u = AnalyseName("Володимир", EntitySchema::kPerson);
  ASSERT_NE(FormWithLabel(u, "uk-bgn"), nullptr);
  EXPECT_EQ(FormWithLabel(u, "uk-bgn")->tokens[0].text, "volodymyr");
}

TEST(NameAnalysisTest, LegalFormsAcrossLanguages) {
  struct Case {
    const char* name;
    const char* legal_class;
  };
  const Case cases[] = {{"Siemens Aktiengesellschaft", "JSC"}, {"Volkswagen GmbH", "LLC"},
                        {"ТОВ Бриз", "LLC"},                   {"Faberlic Sp. z o.o.", "LLC"},
                        {"Alfa Sh.p.k.", "LLC"},               {"ПАО Газпром", "JSC"},
                        {"Vodafone Limited", "LLC"},           {"HSBC Holdings p.l.c.", "PLC"},
                        {"Acme S.R.L.", "LLC"},                {"Open Joint Stock Company Gazprom", "JSC"}};
  for (const auto& c : cases) {
    AnalysedName a = AnalyseName(c.name, EntitySchema::kCompany);
    ASSERT_EQ(a.legal_classes.size(), 1u) << c.name;
    EXPECT_EQ(LegalClassName(a.legal_classes[0]), c.legal_class) << c.name;
  }
}

TEST(NameAnalysisTest, InitialsNumbersAndTitles) {
  AnalysedName abc = AnalyseName("A.B.C. Company", EntitySchema::kCompany);
  EXPECT_EQ(abc.forms[0].tokens[0].text, "abc");
  EXPECT_EQ(AnalyseName("Brigade Forty-Four", EntitySchema::kOrganization).numbers,
            std::vector<std::string>{"44"});
  EXPECT_EQ(AnalyseName("Brigade 044", EntitySchema::kOrganization).numbers, std::vector<std::string>{"44"});
  EXPECT_EQ(AnalyseName("Fund III L.P.", EntitySchema::kCompany).numbers, std::vector<std::string>{"3"});
  AnalysedName mr = AnalyseName("Mr. Rami Makhlouf", EntitySchema::kPerson);
  EXPECT_EQ(mr.forms[0].tokens[0].kind, TokenKind::kTitle);
  AnalysedName v = AnalyseName("V. Putin", EntitySchema::kPerson);
  EXPECT_EQ(v.forms[0].tokens[0].kind, TokenKind::kInitial);
  EXPECT_TRUE(AnalyseName("  ...  ", EntitySchema::kPerson).forms.empty());
}

TEST(NameAnalysisTest, SkeletonFoldsRomanisationVariants) {
  EXPECT_EQ(Skeleton("shcherbina"), Skeleton("serbina"));
  EXPECT_EQ(Skeleton("zelenskyy"), Skeleton("zelensky"));
  EXPECT_EQ(Skeleton("zelenskiy"), Skeleton("zelenskyj"));
  EXPECT_EQ(Skeleton("khodorkovsky"), Skeleton("hodorkovski"));
  EXPECT_EQ(Skeleton("odessa"), Skeleton("odesa"));
  EXPECT_EQ(Skeleton("ig0r"), "igor");
  EXPECT_EQ(Skeleton("aktsionernoye"), Skeleton("akcionernoie"));
  EXPECT_NE(Skeleton("romashka"), Skeleton("vasilek"));
}

struct PairCase {
  const char* a;
  const char* b;
  EntitySchema schema;
  bool match;
};

TEST(NameScorerTest, CrossScriptPairs) {
  const PairCase cases[] = {
      {"ТОВ Бриз Одеса", "Briz Odessa LLC", EntitySchema::kCompany, true},
      {"ТОВ «Бриз Одеса»", "Briz Odesa TOV", EntitySchema::kCompany, true},
      {"ООО Ромашка", "Romashka OOO", EntitySchema::kCompany, true},
      {"ООО \"Ромашка\"", "Romashka LLC", EntitySchema::kCompany, true},
      {"Shcherbina", "Щербина", EntitySchema::kPerson, true},
      {"Volodymyr Zelenskyy", "Володимир Зеленський", EntitySchema::kPerson, true},
      {"Arkadii Rotenberg", "Ротенберг Аркадий", EntitySchema::kPerson, true},
      // Negatives: numbers disagree, different names with the same legal form.
      {"ООО Ромашка 1", "Romashka 2 OOO", EntitySchema::kCompany, false},
      {"Leasing 3 LLC", "Leasing 6 LLC", EntitySchema::kCompany, false},
      {"ООО Ромашка", "ООО Василёк", EntitySchema::kCompany, false},
      {"ТОВ Бриз Одеса", "Briz Kyiv LLC", EntitySchema::kCompany, false},
      {"Volkswagen AG", "Siemens AG", EntitySchema::kCompany, false},
      {"Shcherbina", "Щукин", EntitySchema::kPerson, false},
  };
  for (const auto& c : cases) {
    MatchScore s = ScoreNames(c.a, c.b, c.schema);
    EXPECT_EQ(s.is_match(), c.match) << c.a << " vs " << c.b << ": " << s.score << " [" << s.alignment << "]";
  }
}

TEST(NameScorerTest, ExplanationCarriesNamesFeaturesAndVersion) {
  MatchScore s = ScoreNames("Putin, Vladimir", "Vladimir Pudin", EntitySchema::kPerson);
  EXPECT_EQ(s.query_name, "Putin, Vladimir");
  EXPECT_EQ(s.list_name, "Vladimir Pudin");
  EXPECT_EQ(s.algorithm, kMatchAlgorithmVersion);
  ASSERT_FALSE(s.features.empty());
  EXPECT_EQ(s.features[0].feature, "name_similarity");
  double sum = 0;
  for (const auto& f : s.features) sum += f.value;
  EXPECT_NEAR(sum, s.score, 1e-9);
  EXPECT_NE(s.alignment.find("putin~pudin"), std::string::npos) << s.alignment;
  MatchScore n = ScoreNames("Leasing 3", "Leasing 6", EntitySchema::kCompany);
  bool has_number_feature = false;
  for (const auto& f : n.features) has_number_feature |= f.feature == "number_mismatch";
  EXPECT_TRUE(has_number_feature);
}

TEST(NameScorerTest, SymmetricEnough) {
  const PairCase cases[] = {{"Hans J Friedrich", "Hans Joachim Friedrich", EntitySchema::kPerson, true},
                            {"Siemens AG", "SiemensAG", EntitySchema::kCompany, true},
                            {"Good Will Company", "Goodwill Company", EntitySchema::kCompany, true}};
  for (const auto& c : cases) {
    EXPECT_EQ(ScoreNames(c.a, c.b, c.schema).is_match(), c.match) << c.a;
    EXPECT_EQ(ScoreNames(c.b, c.a, c.schema).is_match(), c.match) << c.b;
  }
}

}  // namespace
}  // namespace clearbid
