#pragma once
// The conformance suite of AccessStore (engine/store/access_store.h): every
// implementation (SQLite now, PostgreSQL later) must pass it unchanged.
//
// A type-parameterised suite; a backend instantiates it once with its factory:
//   INSTANTIATE_TYPED_TEST_SUITE_P(Sqlite, AccessStoreConformance, ::testing::Types<SqliteAccessStoreFactory>);
// The factory is a struct with:
//   Factory();  // a fresh, empty database for one test
//   /// A new connection to that database and a store on it, hashing new
//   /// passwords with few iterations (the suite checks behaviour, not cost).
//   /// The factory owns the connections and outlives the stores.
//   Result<std::unique_ptr<AccessStore>> Open(const Clock* clock);

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "engine/access/credentials.h"
#include "engine/store/access_store.h"
#include "tests/engine/store/mutable_clock.h"

namespace clearbid::testing {

template <typename Factory>
class AccessStoreConformance : public ::testing::Test {
 protected:
  static constexpr int64_t kT0 = 1764072000;  // 2025-11-25T12:00:00Z
  static constexpr const char* kPassword = "correct horse battery";

  AccessStoreConformance() : clock_(kT0) {}

  std::unique_ptr<AccessStore> Open() {
    Result<std::unique_ptr<AccessStore>> store = factory_.Open(&clock_);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  Factory factory_;
  MutableClock clock_;
};

TYPED_TEST_SUITE_P(AccessStoreConformance);

TYPED_TEST_P(AccessStoreConformance, AddGetAndListUsers) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->AddUser("zoe", Role::kOfficer, this->kPassword).ok());
  this->clock_.Advance(5);
  ASSERT_TRUE(store->AddUser("alice", Role::kAuditor, "").ok());
  auto alice = store->GetUser("alice");
  ASSERT_TRUE(alice.ok()) << alice.status().ToString();
  ASSERT_TRUE(alice->has_value());
  EXPECT_EQ((*alice)->name, "alice");
  EXPECT_EQ((*alice)->role, Role::kAuditor);
  EXPECT_TRUE((*alice)->active);
  EXPECT_EQ((*alice)->created_at, "2025-11-25T12:00:05Z");
  auto nobody = store->GetUser("nobody");
  ASSERT_TRUE(nobody.ok());
  EXPECT_FALSE(nobody->has_value());
  auto bad_name = store->GetUser("not a name");
  ASSERT_TRUE(bad_name.ok());
  EXPECT_FALSE(bad_name->has_value());

  auto users = store->ListUsers();
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 2u);
  EXPECT_EQ((*users)[0].name, "alice");
  EXPECT_EQ((*users)[1].name, "zoe");
  EXPECT_EQ((*users)[1].role, Role::kOfficer);
  EXPECT_EQ((*users)[1].created_at, "2025-11-25T12:00:00Z");

  // Another connection sees the same users.
  auto other = this->Open();
  ASSERT_NE(other, nullptr);
  auto seen = other->GetUser("zoe");
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(seen->has_value());
}

TYPED_TEST_P(AccessStoreConformance, DuplicateNameIsAlreadyExists) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->AddUser("alice", Role::kAuditor, "").ok());
  Status again = store->AddUser("alice", Role::kAdmin, this->kPassword);
  EXPECT_EQ(again.code(), Status::Code::kAlreadyExists) << again.ToString();
  auto alice = store->GetUser("alice");
  ASSERT_TRUE(alice.ok());
  ASSERT_TRUE(alice->has_value());
  EXPECT_EQ((*alice)->role, Role::kAuditor);
}

TYPED_TEST_P(AccessStoreConformance, BadNamesAreRejected) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  for (const std::string& bad : {std::string(), std::string(65, 'a'), std::string("a b"), std::string("a/b"),
                                 std::string("m\xC3\xBCller"), std::string("x';DROP TABLE users;--"),
                                 std::string("tab\t"), std::string("nul\0x", 5)}) {
    Status s = store->AddUser(bad, Role::kOfficer, "");
    EXPECT_EQ(s.code(), Status::Code::kInvalidArgument) << "\"" << bad << "\": " << s.ToString();
  }
  EXPECT_TRUE(store->AddUser(std::string(64, 'a'), Role::kOfficer, "").ok());
  EXPECT_TRUE(store->AddUser("first.last_2@agency-x", Role::kOfficer, "").ok());
  auto users = store->ListUsers();
  ASSERT_TRUE(users.ok());
  EXPECT_EQ(users->size(), 2u);
}

TYPED_TEST_P(AccessStoreConformance, PasswordLengthLimits) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->AddUser("short", Role::kOfficer, std::string(11, 'p')).code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(store->AddUser("long", Role::kOfficer, std::string(1025, 'p')).code(), Status::Code::kInvalidArgument);
  EXPECT_TRUE(store->AddUser("twelve", Role::kOfficer, std::string(12, 'p')).ok());
  EXPECT_TRUE(store->AddUser("max", Role::kOfficer, std::string(1024, 'p')).ok());
  auto users = store->ListUsers();
  ASSERT_TRUE(users.ok());
  EXPECT_EQ(users->size(), 2u);
  EXPECT_EQ(store->SetPassword("twelve", "too short").code(), Status::Code::kInvalidArgument);
  auto still = store->CheckPassword("twelve", std::string(12, 'p'));
  ASSERT_TRUE(still.ok());
  EXPECT_TRUE(still->has_value());
}

TYPED_TEST_P(AccessStoreConformance, CheckPassword) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->AddUser("alice", Role::kAuditor, this->kPassword).ok());
  ASSERT_TRUE(store->AddUser("tokenonly", Role::kOfficer, "").ok());

  auto ok = store->CheckPassword("alice", this->kPassword);
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  ASSERT_TRUE(ok->has_value());
  EXPECT_EQ((*ok)->name, "alice");
  EXPECT_EQ((*ok)->role, Role::kAuditor);

  for (const std::string& wrong : {std::string("correct horse battery "), std::string("Correct horse battery"),
                                   std::string(), std::string(2000, 'x')}) {
    auto r = store->CheckPassword("alice", wrong);
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r->has_value()) << wrong.size();
  }
  auto unknown = store->CheckPassword("bob", this->kPassword);
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(unknown->has_value());
  auto no_password = store->CheckPassword("tokenonly", "");
  ASSERT_TRUE(no_password.ok());
  EXPECT_FALSE(no_password->has_value());

  // Disabled: the right password no longer signs in; enabled again, it does.
  ASSERT_TRUE(store->SetActive("alice", false).ok());
  auto disabled = store->CheckPassword("alice", this->kPassword);
  ASSERT_TRUE(disabled.ok());
  EXPECT_FALSE(disabled->has_value());
  auto listed = store->GetUser("alice");
  ASSERT_TRUE(listed.ok());
  ASSERT_TRUE(listed->has_value());
  EXPECT_FALSE((*listed)->active);
  ASSERT_TRUE(store->SetActive("alice", true).ok());
  auto enabled = store->CheckPassword("alice", this->kPassword);
  ASSERT_TRUE(enabled.ok());
  EXPECT_TRUE(enabled->has_value());

  // A new password replaces the old one.
  ASSERT_TRUE(store->SetPassword("alice", "a brand new passphrase").ok());
  auto old_pw = store->CheckPassword("alice", this->kPassword);
  ASSERT_TRUE(old_pw.ok());
  EXPECT_FALSE(old_pw->has_value());
  auto new_pw = store->CheckPassword("alice", "a brand new passphrase");
  ASSERT_TRUE(new_pw.ok());
  EXPECT_TRUE(new_pw->has_value());

  EXPECT_EQ(store->SetPassword("bob", this->kPassword).code(), Status::Code::kNotFound);
  EXPECT_EQ(store->SetActive("bob", false).code(), Status::Code::kNotFound);
}

TYPED_TEST_P(AccessStoreConformance, TokensIssueLookupRevoke) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->AddUser("alice", Role::kCompliance, "").ok());
  ASSERT_TRUE(store->AddUser("bob", Role::kAdmin, "").ok());
  auto t1 = store->IssueToken("alice", "laptop");
  auto t2 = store->IssueToken("alice", "ci");
  auto tb = store->IssueToken("bob", "");
  ASSERT_TRUE(t1.ok()) << t1.status().ToString();
  ASSERT_TRUE(t2.ok());
  ASSERT_TRUE(tb.ok());
  EXPECT_NE(*t1, *t2);
  EXPECT_EQ(t1->rfind("cb_", 0), 0u);
  EXPECT_EQ(t1->size(), 46u);

  auto who = store->UserForToken(*t1);
  ASSERT_TRUE(who.ok()) << who.status().ToString();
  ASSERT_TRUE(who->has_value());
  EXPECT_EQ((*who)->name, "alice");
  EXPECT_EQ((*who)->role, Role::kCompliance);
  who = store->UserForToken(*tb);
  ASSERT_TRUE(who.ok());
  ASSERT_TRUE(who->has_value());
  EXPECT_EQ((*who)->name, "bob");

  std::string altered = *t1;
  altered.back() = altered.back() == 'A' ? 'B' : 'A';
  for (const std::string& wrong : {altered, NewToken(), std::string(), std::string("cb_"), std::string("garbage"),
                                   TokenDigest(*t1), std::string(10000, 'x')}) {
    auto r = store->UserForToken(wrong);
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r->has_value()) << wrong.substr(0, 50);
  }

  // Revoking alice's tokens leaves bob's.
  ASSERT_TRUE(store->RevokeTokens("alice").ok());
  for (const std::string& t : {*t1, *t2}) {
    auto r = store->UserForToken(t);
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r->has_value());
  }
  who = store->UserForToken(*tb);
  ASSERT_TRUE(who.ok());
  EXPECT_TRUE(who->has_value());
  auto t3 = store->IssueToken("alice", "new laptop");
  ASSERT_TRUE(t3.ok());
  who = store->UserForToken(*t3);
  ASSERT_TRUE(who.ok());
  EXPECT_TRUE(who->has_value());

  // A disabled user's tokens stop working, and none are issued to them.
  ASSERT_TRUE(store->SetActive("alice", false).ok());
  who = store->UserForToken(*t3);
  ASSERT_TRUE(who.ok());
  EXPECT_FALSE(who->has_value());
  EXPECT_FALSE(store->IssueToken("alice", "x").ok());

  EXPECT_EQ(store->IssueToken("carol", "x").status().code(), Status::Code::kNotFound);
  EXPECT_EQ(store->RevokeTokens("carol").code(), Status::Code::kNotFound);
  EXPECT_EQ(store->IssueToken("bob", std::string(129, 'l')).status().code(), Status::Code::kInvalidArgument);
}

TYPED_TEST_P(AccessStoreConformance, SessionsCreateLookupExpireEnd) {
  auto store = this->Open();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(store->AddUser("alice", Role::kAuditor, this->kPassword).ok());
  auto session = store->CreateSession("alice", 3600);
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  EXPECT_EQ(session->expires_at, this->kT0 + 3600);
  EXPECT_NE(session->id, session->csrf);
  EXPECT_EQ(session->id.size(), 46u);
  EXPECT_FALSE(session->csrf.empty());

  auto who = store->UserForSession(session->id);
  ASSERT_TRUE(who.ok()) << who.status().ToString();
  ASSERT_TRUE(who->has_value());
  EXPECT_EQ((*who)->user.name, "alice");
  EXPECT_EQ((*who)->user.role, Role::kAuditor);
  EXPECT_EQ((*who)->csrf, session->csrf);

  // The CSRF token is not a session id, nor is an API token.
  auto token = store->IssueToken("alice", "api");
  ASSERT_TRUE(token.ok());
  for (const std::string& wrong : {session->csrf, *token, std::string(), std::string("cb_x")}) {
    auto r = store->UserForSession(wrong);
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r->has_value());
  }
  auto as_token = store->UserForToken(session->id);
  ASSERT_TRUE(as_token.ok());
  EXPECT_FALSE(as_token->has_value());

  // Valid up to its last second, gone at expiry.
  this->clock_.Advance(3599);
  who = store->UserForSession(session->id);
  ASSERT_TRUE(who.ok());
  EXPECT_TRUE(who->has_value());
  this->clock_.Advance(1);
  who = store->UserForSession(session->id);
  ASSERT_TRUE(who.ok());
  EXPECT_FALSE(who->has_value());

  // Two sessions; ending one leaves the other.
  auto a = store->CreateSession("alice", 60);
  auto b = store->CreateSession("alice", 60);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_NE(a->id, b->id);
  EXPECT_NE(a->csrf, b->csrf);
  ASSERT_TRUE(store->EndSession(a->id).ok());
  who = store->UserForSession(a->id);
  ASSERT_TRUE(who.ok());
  EXPECT_FALSE(who->has_value());
  who = store->UserForSession(b->id);
  ASSERT_TRUE(who.ok());
  EXPECT_TRUE(who->has_value());
  EXPECT_TRUE(store->EndSession(a->id).ok());
  EXPECT_TRUE(store->EndSession("not a session").ok());

  // A disabled user's session stops working.
  ASSERT_TRUE(store->SetActive("alice", false).ok());
  who = store->UserForSession(b->id);
  ASSERT_TRUE(who.ok());
  EXPECT_FALSE(who->has_value());
  EXPECT_FALSE(store->CreateSession("alice", 60).ok());

  EXPECT_EQ(store->CreateSession("bob", 60).status().code(), Status::Code::kNotFound);
  ASSERT_TRUE(store->SetActive("alice", true).ok());
  EXPECT_EQ(store->CreateSession("alice", 0).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(store->CreateSession("alice", -5).status().code(), Status::Code::kInvalidArgument);
}

REGISTER_TYPED_TEST_SUITE_P(AccessStoreConformance, AddGetAndListUsers, DuplicateNameIsAlreadyExists,
                            BadNamesAreRejected, PasswordLengthLimits, CheckPassword, TokensIssueLookupRevoke,
                            SessionsCreateLookupExpireEnd);

}  // namespace clearbid::testing
