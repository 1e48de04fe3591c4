// What a front end may print of a --db value: never a PostgreSQL password.

#include <gtest/gtest.h>

#include "service/printable_db_name.h"

namespace clearbid {
namespace {

TEST(PrintableDbNameTest, HidesPasswordsAndKeepsTheRest) {
  EXPECT_EQ(PrintableDbName("clearbid.db"), "clearbid.db");
  EXPECT_EQ(PrintableDbName("/var/lib/a:b@c.db"), "/var/lib/a:b@c.db");  // a file name, not a URL
  EXPECT_EQ(PrintableDbName("postgresql://clearbid@db.internal/clearbid"), "postgresql://clearbid@db.internal/clearbid");
  EXPECT_EQ(PrintableDbName("postgresql://clearbid:s3cret@db.internal:5432/clearbid"),
            "postgresql://clearbid:***@db.internal:5432/clearbid");
  EXPECT_EQ(PrintableDbName("postgres://u:p%40ss@h/d?sslmode=require"), "postgres://u:***@h/d?sslmode=require");
  EXPECT_EQ(PrintableDbName("postgresql://u@h/d?sslmode=require&password=x&application_name=c"),
            "postgresql://u@h/d?sslmode=require&password=***&application_name=c");
  EXPECT_EQ(PrintableDbName("postgresql://h/d?password=x"), "postgresql://h/d?password=***");
  EXPECT_EQ(PrintableDbName("postgresql://h/d?xpassword=x"), "postgresql://h/d?xpassword=x");
  // Secrets in other shapes: '@' or '/' in the password, sslpassword, an
  // encoded parameter name, an IPv6 host.
  EXPECT_EQ(PrintableDbName("postgresql://app:p@ss/w@db/x"), "postgresql://app:***@db/x");
  EXPECT_EQ(PrintableDbName("postgresql://app:secret@[::1]:5432/x"), "postgresql://app:***@[::1]:5432/x");
  EXPECT_EQ(PrintableDbName("postgresql://[::1]/x?sslpassword=k&sslmode=verify-full"),
            "postgresql://[::1]/x?sslpassword=***&sslmode=verify-full");
  EXPECT_EQ(PrintableDbName("postgresql://h/x?pass%77ord=y"), "postgresql://h/x?pass%77ord=***");
  EXPECT_EQ(PrintableDbName("postgresql://:pw@h/x"), "postgresql://:***@h/x");
}

}  // namespace
}  // namespace clearbid
