#include "connectors/csv/csv_reader.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/test_util.h"

namespace clearbid {
namespace {

struct Read {
  std::vector<CsvRecord> records;
  std::vector<std::string> errors;
  std::vector<int64_t> error_lines;
};

Read ReadAll(std::string data, CsvOptions options = {}) {
  auto reader = CsvReader::FromString("in.csv", std::move(data), options);
  Read out;
  CsvRecord record;
  std::string error;
  while (reader->Next(&record, &error)) {
    if (!error.empty()) {
      out.errors.push_back(error);
      out.error_lines.push_back(record.line);
      EXPECT_TRUE(record.fields.empty());
    } else {
      out.records.push_back(record);
    }
  }
  return out;
}

using Fields = std::vector<std::string>;

TEST(CsvReaderTest, PlainRecordsWithLines) {
  Read r = ReadAll("a,b,c\n1,2,3\n");
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].fields, (Fields{"a", "b", "c"}));
  EXPECT_EQ(r.records[1].fields, (Fields{"1", "2", "3"}));
  EXPECT_EQ(r.records[0].line, 1);
  EXPECT_EQ(r.records[1].line, 2);
  EXPECT_TRUE(r.errors.empty());
}

TEST(CsvReaderTest, QuotedFieldsWithCommasQuotesAndNewlines) {
  Read r = ReadAll("\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nnext,\"\",end");
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].fields, (Fields{"x, y", "say \"hi\"", "two\nlines"}));
  EXPECT_EQ(r.records[1].fields, (Fields{"next", "", "end"}));
  EXPECT_EQ(r.records[1].line, 3);  // the quoted newline moved the physical line on
}

TEST(CsvReaderTest, CrLfBomEmptyFieldsAndBlankLines) {
  Read r = ReadAll("\xEF\xBB\xBFid,name\r\n\r\n1,\r\n,\r\n\"q\"\r\n");
  ASSERT_EQ(r.records.size(), 4u);
  EXPECT_EQ(r.records[0].fields, (Fields{"id", "name"}));
  EXPECT_EQ(r.records[1].fields, (Fields{"1", ""}));
  EXPECT_EQ(r.records[1].line, 3);
  EXPECT_EQ(r.records[2].fields, (Fields{"", ""}));
  EXPECT_EQ(r.records[3].fields, (Fields{"q"}));
  EXPECT_EQ(r.records[3].line, 5);
}

TEST(CsvReaderTest, LoneCrEndsLines) {
  Read r = ReadAll("a\rb\r");
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[1].fields, (Fields{"b"}));
  EXPECT_EQ(r.records[1].line, 2);
}

TEST(CsvReaderTest, OtherDelimiter) {
  CsvOptions options;
  options.delimiter = '\t';
  Read r = ReadAll("a\tb,c\t\"d\te\"\n", options);
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].fields, (Fields{"a", "b,c", "d\te"}));
}

TEST(CsvReaderTest, StrayQuoteIsAnErrorAndReadingGoesOn) {
  Read r = ReadAll("a,b\nbad 5\" pipe,x\nc,d\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0], "in.csv:2: stray quote in unquoted field 1");
  EXPECT_EQ(r.error_lines[0], 2);
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[1].fields, (Fields{"c", "d"}));
  EXPECT_EQ(r.records[1].line, 3);
}

TEST(CsvReaderTest, CharacterAfterClosingQuote) {
  Read r = ReadAll("\"a\"b,c\nx,y\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].find("in.csv:1: unexpected character after closing quote"), std::string::npos);
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].fields, (Fields{"x", "y"}));
}

TEST(CsvReaderTest, UnterminatedQuoteDoesNotSwallowTheRest) {
  Read r = ReadAll("a,b\n\"open,x\nc,d\ne,f\n");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0], "in.csv:2: unterminated quoted field 1");
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[1].fields, (Fields{"c", "d"}));
  EXPECT_EQ(r.records[1].line, 3);
  EXPECT_EQ(r.records[2].line, 4);
}

TEST(CsvReaderTest, OversizeRecordIsSkipped) {
  CsvOptions options;
  options.max_record_bytes = 16;
  Read r = ReadAll("short,1\n" + std::string(100, 'x') + ",2\nok,3\n", options);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0], "in.csv:2: record longer than 16 bytes");
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[1].fields, (Fields{"ok", "3"}));
  EXPECT_EQ(r.records[1].line, 3);
}

TEST(CsvReaderTest, OversizeQuotedRecordResumesAfterItsFirstLine) {
  CsvOptions options;
  options.max_record_bytes = 32;
  Read r = ReadAll("\"never closed\n1,2\n3,4\n5,6\n7,8\n9,10\n11,12\n", options);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.error_lines[0], 1);
  ASSERT_EQ(r.records.size(), 6u);
  EXPECT_EQ(r.records[0].fields, (Fields{"1", "2"}));
  EXPECT_EQ(r.records[0].line, 2);
  EXPECT_EQ(r.records[5].fields, (Fields{"11", "12"}));
  EXPECT_EQ(r.records[5].line, 7);
}

TEST(CsvReaderTest, EmptyInput) {
  EXPECT_TRUE(ReadAll("").records.empty());
  EXPECT_TRUE(ReadAll("\xEF\xBB\xBF").records.empty());
  EXPECT_TRUE(ReadAll("\n\n").records.empty());
}

TEST(CsvReaderTest, FileInputAcrossChunkBoundaries) {
  std::string dir = testing::TempDir("csv");
  std::string path = dir + "/big.csv";
  std::string expected_last;
  {
    std::ofstream out(path, std::ios::binary);
    out << "\xEF\xBB\xBFn,text\r\n";
    for (int i = 0; i < 20000; ++i) out << i << ",\"row " << i << ", \"\"quoted\"\"\nsecond line\"\r\n";
  }
  auto reader = CsvReader::Open(path);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  CsvRecord record;
  std::string error;
  int64_t count = 0;
  while ((*reader)->Next(&record, &error)) {
    ASSERT_TRUE(error.empty()) << error;
    ASSERT_EQ(record.fields.size(), 2u);
    if (count > 0) {
      int i = static_cast<int>(count - 1);
      ASSERT_EQ(record.fields[0], std::to_string(i));
      ASSERT_EQ(record.fields[1], "row " + std::to_string(i) + ", \"quoted\"\nsecond line");
      ASSERT_EQ(record.line, 2 + 2 * i);
    }
    ++count;
  }
  EXPECT_EQ(count, 20001);
  EXPECT_EQ((*reader)->name(), path);
}

TEST(CsvReaderTest, MissingFileIsIoError) {
  auto reader = CsvReader::Open("/nonexistent/clearbid.csv");
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), Status::Code::kIoError);
}

}  // namespace
}  // namespace clearbid

namespace clearbid {
namespace {

TEST(CsvReaderTest, LenientQuotesReadUnescapedQuotesLiterally) {
  CsvOptions options;
  options.lenient_quotes = true;
  // As the EBRD export writes them.
  auto reader = CsvReader::FromString(
      "in.csv",
      "\"\"Supper Fortuna\" LLC\",UZ\n\"Closed Joint Stock Co \"Sharora\"\"\",TJ\n"
      "\"Safidy (\"Safidy\")\",MG\nplain 5\" pipe,x\n\"ok, \"\"COMICASA\"\", X\",y\n",
      options);
  CsvRecord r;
  std::string error;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> repaired;
  while (reader->Next(&r, &error)) {
    ASSERT_TRUE(error.empty()) << error;
    rows.push_back(r.fields);
    repaired.push_back(r.repaired);
  }
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"\"Supper Fortuna\" LLC", "UZ"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"Closed Joint Stock Co \"Sharora\"", "TJ"}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"Safidy (\"Safidy\")", "MG"}));
  EXPECT_EQ(rows[3], (std::vector<std::string>{"plain 5\" pipe", "x"}));
  // Properly escaped quotes keep their RFC 4180 meaning (World Bank list).
  EXPECT_EQ(rows[4], (std::vector<std::string>{"ok, \"COMICASA\", X", "y"}));
  EXPECT_EQ(repaired, (std::vector<bool>{true, true, true, true, false}));
}

}  // namespace
}  // namespace clearbid

namespace clearbid {
namespace {

TEST(CsvReaderTest, UnclosedQuoteCaughtOnALaterLineReReadsThoseLines) {
  for (bool lenient : {false, true}) {
    CsvOptions options;
    options.lenient_quotes = lenient;
    auto reader = CsvReader::FromString("in.csv", "a,b\n\"open,x\nc,\"d\" e,1\nf,g\n", options);
    CsvRecord r;
    std::string error;
    std::vector<std::string> errors;
    std::vector<int64_t> good_lines;
    while (reader->Next(&r, &error)) {
      if (error.empty()) {
        good_lines.push_back(r.line);
      } else {
        errors.push_back(error);
      }
    }
    ASSERT_EQ(errors.size(), 2u) << lenient;
    EXPECT_EQ(errors[0], "in.csv:2: quoted field 1 is not closed properly (unterminated quote?)");
    // Line 3 is then read on its own: strictly, `"d" e` is malformed; leniently,
    // its quote after `d` is literal and the field never closes.
    EXPECT_EQ(errors[1], lenient ? "in.csv:3: unterminated quoted field 2"
                                 : "in.csv:3: unexpected character after closing quote in field 2");
    EXPECT_EQ(good_lines, (std::vector<int64_t>{1, 4}));
  }
}

}  // namespace
}  // namespace clearbid
