#include "connectors/json/document_stream.h"

#include <gtest/gtest.h>

namespace clearbid {
namespace {

struct Collected {
  std::vector<std::string> docs;
  std::vector<int64_t> lines;
  std::vector<bool> minified;
  std::vector<InputIssue> issues;
};

Collected Split(std::string_view data, size_t chunk = 8u << 20, size_t max_doc = 1u << 30) {
  Collected c;
  DocumentStreamOptions opt;
  opt.chunk_bytes = chunk;
  opt.max_document_bytes = max_doc;
  Status s = ReadDocumentsFromString("in.json", data, opt, [&](DocumentBatch&& b) {
    for (const DocumentSpan& d : b.documents) {
      c.docs.emplace_back(b.Text(d));
      c.lines.push_back(d.line);
      c.minified.push_back(d.minified);
      // The padding contract: bytes after the document are readable.
      EXPECT_LE(d.begin + d.length + kJsonPadding, b.bytes.size());
    }
    for (auto& i : b.issues) c.issues.push_back(i);
  }, nullptr);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return c;
}

TEST(DocumentStreamTest, JsonLinesAndConcatenatedDocuments) {
  for (size_t chunk : {size_t{3}, size_t{7}, size_t{1} << 20}) {
    Collected c = Split("{\"a\":1}\n{\"b\":\"}{\"}\n\n[1,\n2]\n  {\"c\":{\"d\":\"\\\"\"}}", chunk);
    ASSERT_EQ(c.docs.size(), 4u) << "chunk " << chunk;
    EXPECT_EQ(c.docs[0], "{\"a\":1}");
    EXPECT_EQ(c.docs[1], "{\"b\":\"}{\"}");
    EXPECT_EQ(c.docs[2], "[1,\n2]");
    EXPECT_EQ(c.docs[3], "{\"c\":{\"d\":\"\\\"\"}}");
    EXPECT_EQ(c.lines, (std::vector<int64_t>{1, 2, 4, 6}));
    EXPECT_TRUE(c.issues.empty());
  }
}

// A document without whitespace outside its strings is flagged minified
// (whitespace inside strings, or between documents, does not count).
TEST(DocumentStreamTest, DocumentsWithoutWhitespaceOutsideStringsAreMarkedMinified) {
  for (size_t chunk : {size_t{2}, size_t{5}, size_t{1} << 20}) {
    Collected c = Split(
        "  {\"a\":\"x y\",\"b\":[1,{\"c\":\" \\\" \"}]}\n{\"a\": 1}\n[1,\n2]\n{\"a\":[1 ]}\t{\"z\":\"\\t\"}\n",
        chunk);
    ASSERT_EQ(c.docs.size(), 5u) << "chunk " << chunk;
    EXPECT_EQ(c.minified, (std::vector<bool>{true, false, false, false, true})) << "chunk " << chunk;
  }
}

// Strings longer than the splitter's short-string loop (32 bytes), with
// escaped quotes and brackets past it, across every chunk boundary.
TEST(DocumentStreamTest, LongStringsWithEscapesSplitAtTheirEnd) {
  const std::string a = "{\"a\":\"" + std::string(40, 'x') + "\\\"}{[" + std::string(40, 'y') + "\"}";
  const std::string b = "{\"b\":[\"" + std::string(70, 'z') + "\\\\\",\"" + std::string(33, 'w') + "\"]}";
  for (size_t chunk : {size_t{1}, size_t{5}, size_t{13}, size_t{1} << 20}) {
    Collected c = Split(a + "\n" + b + "\n\n{\"c\":1}", chunk);
    ASSERT_EQ(c.docs.size(), 3u) << "chunk " << chunk;
    EXPECT_EQ(c.docs[0], a);
    EXPECT_EQ(c.docs[1], b);
    EXPECT_EQ(c.docs[2], "{\"c\":1}");
    EXPECT_EQ(c.lines, (std::vector<int64_t>{1, 2, 4}));
    EXPECT_TRUE(c.issues.empty());
  }
}

// Documents of many 64-byte blocks (the splitter scans those as bit masks
// when they have no backslash): brackets, quotes' partners, spaces and
// newlines inside strings do not count, strings and documents end anywhere
// in a block, several documents share one, and a backslash sends a block
// back to the byte loop; every chunk size gives the same documents.
TEST(DocumentStreamTest, LongDocumentsSplitTheSameWhereverTheirBlocksStart) {
  std::string strings_with_brackets;  // minified
  strings_with_brackets = "{\"a\":\"" + std::string(70, '{') + " ]] \",\"b\":[";
  for (int i = 0; i < 12; ++i) strings_with_brackets += "{\"k\":\"v" + std::to_string(i) + "}\"},";
  strings_with_brackets += "[]],\"c\":\"" + std::string(130, ' ') + "\"}";
  const std::string spaced = "{\"x\": [" + std::string(90, '1') + "], \"y\":\"" + std::string(60, '[') + "\"}";
  const std::string pretty = "{\n  \"p\": {\n    \"q\": \"" + std::string(80, 'q') + "\"\n  },\n  \"r\": [1, 2]\n}";
  const std::string escaped = "{\"e\":\"" + std::string(50, 'e') + "\\\"}{\\\\\",\"f\":\"" + std::string(64, 'f') + "\"}";
  // Its one space outside strings far from any bracket.
  const std::string spaced_between = "{\"a\":\"" + std::string(70, 'a') + "\", \"b\":\"" + std::string(70, 'b') + "\"}";
  const std::string small = "{\"s\":1}";
  const std::string text = strings_with_brackets + "\n" + spaced + "\n" + small + small + "\n" + pretty + "\n" + escaped +
                           "\n" + small + "\n" + spaced_between;
  for (size_t chunk : {size_t{1}, size_t{63}, size_t{64}, size_t{65}, size_t{200}, size_t{1} << 20}) {
    Collected c = Split(text, chunk);
    ASSERT_EQ(c.docs.size(), 8u) << "chunk " << chunk;
    EXPECT_EQ(c.docs, (std::vector<std::string>{strings_with_brackets, spaced, small, small, pretty, escaped, small,
                                                spaced_between}))
        << "chunk " << chunk;
    EXPECT_EQ(c.lines, (std::vector<int64_t>{1, 2, 3, 3, 4, 10, 11, 12})) << "chunk " << chunk;
    EXPECT_EQ(c.minified, (std::vector<bool>{true, false, true, true, false, true, true, false})) << "chunk " << chunk;
    EXPECT_TRUE(c.issues.empty()) << "chunk " << chunk;
  }
  // Every document starting at each offset of a block.
  for (size_t pad = 0; pad < 70; ++pad) {
    Collected c = Split(std::string(pad, ' ') + text);
    EXPECT_EQ(c.docs.size(), 8u) << "pad " << pad;
    EXPECT_EQ(c.minified, (std::vector<bool>{true, false, true, true, false, true, true, false})) << "pad " << pad;
  }
}

TEST(DocumentStreamTest, TruncatedDocumentIsReportedWithItsLine) {
  Collected c = Split("{\"a\":1}\n{\"b\": [1, 2", 4);
  ASSERT_EQ(c.docs.size(), 1u);
  ASSERT_EQ(c.issues.size(), 1u);
  EXPECT_EQ(c.issues[0].line, 2);
  EXPECT_NE(c.issues[0].reason.find("truncated"), std::string::npos);
}

TEST(DocumentStreamTest, StrayTextIsSkippedAndTheNextDocumentKept) {
  Collected c = Split("garbage here\n{\"a\":1}\n");
  ASSERT_EQ(c.docs.size(), 1u);
  ASSERT_EQ(c.issues.size(), 1u);
  EXPECT_EQ(c.issues[0].line, 1);
  EXPECT_EQ(c.lines[0], 2);
}

TEST(DocumentStreamTest, EmptyAndBlankFiles) {
  Collected empty = Split("");
  ASSERT_EQ(empty.issues.size(), 1u);
  EXPECT_EQ(empty.issues[0].reason, "empty file");
  Collected blank = Split("  \n\n ");
  ASSERT_EQ(blank.issues.size(), 1u);
  EXPECT_EQ(blank.issues[0].reason, "no JSON document in file");
}

TEST(DocumentStreamTest, OversizeDocumentIsSkippedAndTheRestRead) {
  std::string big = "{\"x\":\"" + std::string(100, 'a') + "\"}";
  Collected c = Split("{\"a\":1}\n" + big + "\n{\"b\":2}\n", 16, 50);
  ASSERT_EQ(c.docs.size(), 2u);
  EXPECT_EQ(c.docs[1], "{\"b\":2}");
  ASSERT_EQ(c.issues.size(), 1u);
  EXPECT_EQ(c.issues[0].line, 2);
}

TEST(DocumentStreamTest, DigestAndCountsOfAFile) {
  DocumentStreamSummary sum;
  Status s = ReadDocumentsFromString("x", "{}\n{}\n", {}, [](DocumentBatch&&) {}, &sum);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(sum.documents, 2u);
  EXPECT_EQ(sum.bytes, 6u);
  EXPECT_EQ(sum.sha256.size(), 64u);
}

}  // namespace
}  // namespace clearbid
