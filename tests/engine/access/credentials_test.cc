#include "engine/access/credentials.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "engine/base/digest.h"

namespace clearbid {
namespace {

// Few iterations: the tests check the format and the comparison, not the cost.
constexpr int kFast = 1000;

bool IsBase64Url(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

TEST(CredentialsTest, HashThenVerify) {
  std::string encoded = HashPassword("correct horse battery staple", kFast);
  EXPECT_EQ(encoded.rfind("pbkdf2-sha256$1000$", 0), 0u) << encoded;
  EXPECT_TRUE(VerifyPassword("correct horse battery staple", encoded));
  EXPECT_FALSE(VerifyPassword("correct horse battery stapl", encoded));
  EXPECT_FALSE(VerifyPassword("Correct horse battery staple", encoded));
  EXPECT_FALSE(VerifyPassword("", encoded));
}

TEST(CredentialsTest, SaltMakesEachHashDifferent) {
  std::string a = HashPassword("same password here", kFast);
  std::string b = HashPassword("same password here", kFast);
  EXPECT_NE(a, b);
  EXPECT_TRUE(VerifyPassword("same password here", a));
  EXPECT_TRUE(VerifyPassword("same password here", b));
}

TEST(CredentialsTest, DefaultIterationsAreStrong) {
  std::string encoded = HashPassword("a password of some length");
  EXPECT_EQ(encoded.rfind("pbkdf2-sha256$200000$", 0), 0u) << encoded;
  EXPECT_TRUE(VerifyPassword("a password of some length", encoded));
}

TEST(CredentialsTest, FormatParts) {
  std::string encoded = HashPassword("pw pw pw pw pw", kFast);
  // scheme $ iterations $ salt (16 bytes: 22 chars) $ hash (32 bytes: 43 chars)
  size_t a = encoded.find('$'), b = encoded.find('$', a + 1), c = encoded.find('$', b + 1);
  ASSERT_NE(c, std::string::npos);
  EXPECT_EQ(encoded.find('$', c + 1), std::string::npos);
  EXPECT_EQ(b - a - 1, 4u);
  EXPECT_EQ(c - b - 1, 22u);
  EXPECT_EQ(encoded.size() - c - 1, 43u);
}

TEST(CredentialsTest, MalformedEncodedIsFalseNotACrash) {
  std::string good = HashPassword("the password 1", kFast);
  size_t last = good.rfind('$');
  std::string salt_and_hash = good.substr(good.find('$', good.find('$') + 1));  // "$salt$hash"
  const std::string cases[] = {
      "",
      "$$$",
      "pbkdf2-sha256",
      "pbkdf2-sha256$1000",
      "pbkdf2-sha256$1000$abc",
      "pbkdf2-sha1" + good.substr(good.find('$')),                  // other scheme
      "pbkdf2-sha256$0" + salt_and_hash,                             // zero iterations
      "pbkdf2-sha256$-5" + salt_and_hash,                            // negative
      "pbkdf2-sha256$99999999999" + salt_and_hash,                   // overflow
      "pbkdf2-sha256$2000000000" + salt_and_hash,                    // beyond the bound
      "pbkdf2-sha256$1000x" + salt_and_hash,                         // trailing junk
      "pbkdf2-sha256$1000$$" + good.substr(last + 1),                // empty salt
      good.substr(0, last + 1),                                      // empty hash
      good.substr(0, last + 1) + "!!!!" + good.substr(last + 5),     // not base64url
      good.substr(0, last + 1) + good.substr(last + 1, 5),           // hash too short
      good.substr(0, last + 1) + good.substr(last + 1, 40),          // truncated to 30 bytes
      good.substr(0, last + 1) + good.substr(last + 1, 42),          // truncated to 31 bytes
      good + "$extra",
      good.substr(0, last + 1) + std::string(4000, 'A'),             // absurd length
  };
  for (const std::string& bad : cases) {
    EXPECT_FALSE(VerifyPassword("the password 1", bad)) << bad;
  }
  EXPECT_TRUE(VerifyPassword("the password 1", good));
}

TEST(CredentialsTest, TokenFormat) {
  std::string t = NewToken();
  ASSERT_EQ(t.size(), 46u) << t;
  EXPECT_EQ(t.substr(0, 3), "cb_");
  for (char c : t.substr(3)) EXPECT_TRUE(IsBase64Url(c)) << t;
}

TEST(CredentialsTest, TokensAreUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(NewToken());
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(CredentialsTest, TokenDigestIsSha256Hex) {
  std::string t = NewToken();
  std::string d = TokenDigest(t);
  EXPECT_EQ(d.size(), 64u);
  EXPECT_EQ(d, Sha256Hex(t));
  EXPECT_EQ(d, TokenDigest(t));
  EXPECT_NE(d, TokenDigest(NewToken()));
  // Known answer: SHA-256("abc").
  EXPECT_EQ(TokenDigest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace clearbid
