#include "reports/text_safety.h"

#include <gtest/gtest.h>

#include "reports/file_names.h"
#include "reports/table.h"

namespace clearbid::reports {
namespace {

TEST(HtmlEscapeTest, EscapesMarkupAndQuotes) {
  EXPECT_EQ(HtmlEscape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
  EXPECT_EQ(HtmlEscape("\" onmouseover=\"x"), "&quot; onmouseover=&quot;x");
  EXPECT_EQ(HtmlEscape("a'b&c"), "a&#39;b&amp;c");
  EXPECT_EQ(HtmlEscape("Têxteis Атлантик"), "Têxteis Атлантик");
  EXPECT_EQ(HtmlEscape(std::string("a\0b\x01", 4)),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD");
  EXPECT_EQ(HtmlEscape("line\nnext\ttab"), "line\nnext\ttab");
}

TEST(FormulaTest, NeutralisesEveryTriggerCharacter) {
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {{"=1+1", "'=1+1"},
               {"+41 22", "'+41 22"},
               {"-2", "'-2"},
               {"@SUM(A1)", "'@SUM(A1)"},
               {"\tx", "'\tx"},
               {"\rx", "'\rx"},
               {"Acme = good", "Acme = good"},
               {"", ""},
               {"'=already", "'=already"}};
  for (const Case& c : cases) EXPECT_EQ(NeutraliseFormula(c.in), c.out) << c.in;
}

TEST(FormulaTest, CsvFieldQuotesAfterNeutralising) {
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
}

TEST(TableCsvTest, NumbersStayNumbersAndTextIsNeutralised) {
  Table t{"t",
          {"name", "score"},
          {{Cell::Text("-1"), Cell::Number(-1)}, {Cell::Text("=cmd"), Cell::Number(12.345)}}};
  EXPECT_EQ(TableToCsv(t), "name,score\r\n'-1,-1\r\n'=cmd,12.35\r\n");
}

TEST(FileSafeNameTest, PlainOcidsAreUnchanged) {
  EXPECT_EQ(FileSafeName("ocds-ngfbwp-19752128"), "ocds-ngfbwp-19752128");
  EXPECT_EQ(FileSafeName("ocds-b5fd17-2016.1_A"), "ocds-b5fd17-2016.1_A");
}

TEST(FileSafeNameTest, EncodesEverythingElseReversibly) {
  const std::string cases[] = {"a/b",
                               "../etc/passwd",
                               ".hidden",
                               "a b%c",
                               "Москва-1",
                               "x\\y:z*?\"<>|",
                               "",
                               "%",
                               "%25",
                               "..",
                               ".",
                               "a.b",
                               std::string("nul\0byte", 8)};
  for (const std::string& ocid : cases) {
    std::string name = FileSafeName(ocid);
    EXPECT_EQ(name.find('/'), std::string::npos) << name;
    EXPECT_NE(name, ".");
    EXPECT_NE(name, "..");
    EXPECT_FALSE(name.empty());
    EXPECT_NE(name.front(), '.') << name;
    for (char ch : name) {
      EXPECT_TRUE(isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '_' || ch == '-' || ch == '%')
          << name;
    }
    std::optional<std::string> back = OcidFromFileSafeName(name);
    ASSERT_TRUE(back.has_value()) << name;
    EXPECT_EQ(*back, ocid);
  }
  EXPECT_EQ(FileSafeName("a/b"), "a%2Fb");
  EXPECT_EQ(FileSafeName(".x"), "%2Ex");
  // Distinct ocids give distinct names (a naive '/'->'_' mapping would collide here).
  EXPECT_NE(FileSafeName("a/b"), FileSafeName("a_b"));
  EXPECT_NE(FileSafeName("a%2Fb"), FileSafeName("a/b"));
}

TEST(FileSafeNameTest, RejectsNonCanonicalNames) {
  EXPECT_FALSE(OcidFromFileSafeName("a%2fb"));  // lower-case hex is never produced
  EXPECT_FALSE(OcidFromFileSafeName("a%41"));   // 'A' would not have been encoded
  EXPECT_FALSE(OcidFromFileSafeName("a%4"));
  EXPECT_FALSE(OcidFromFileSafeName("a b"));
}

TEST(FileSafeNameTest, ProcessFileNamesAreTheJsonFilesFileSafeNameGives) {
  EXPECT_TRUE(IsProcessFileName(FileSafeName("ocds-213czf-000-00001") + ".json"));
  EXPECT_TRUE(IsProcessFileName(FileSafeName(".hidden") + ".json"));  // the leading '.' is encoded
  EXPECT_FALSE(IsProcessFileName(".hidden.json"));
  EXPECT_FALSE(IsProcessFileName("ocds-1.json.host_12.tmp"));
  EXPECT_FALSE(IsProcessFileName("ocds-1.html"));
  EXPECT_FALSE(IsProcessFileName(".json"));
  EXPECT_FALSE(IsProcessFileName("rules.json.x"));
}

TEST(FileSafeNameTest, LongOcidsAreCutWithAHash) {
  std::string long_a(300, 'a');
  std::string long_b = long_a + "b";
  std::string na = FileSafeName(long_a), nb = FileSafeName(long_b);
  EXPECT_LE(na.size(), kMaxFileSafeName);
  EXPECT_NE(na, nb);
  EXPECT_NE(na.find('~'), std::string::npos);
  EXPECT_FALSE(OcidFromFileSafeName(na));
  std::string slashes(150, '/');  // every byte encoded: the cut must not split an escape
  std::string ns = FileSafeName(slashes);
  EXPECT_LE(ns.size(), kMaxFileSafeName);
  EXPECT_EQ(ns.substr(0, ns.find('~')).size() % 3, 0u);
}

}  // namespace
}  // namespace clearbid::reports
