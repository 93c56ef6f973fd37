#include "common/text/utf8.h"

#include <string>

#include "gtest/gtest.h"

namespace busan::text {
namespace {

TEST(Utf8Test, DecodesEachLength) {
  char32_t code = 0;
  EXPECT_EQ(DecodeUtf8("a", &code), 1u);
  EXPECT_EQ(code, U'a');
  EXPECT_EQ(DecodeUtf8("\xc2\xa9!", &code), 2u);  // ©
  EXPECT_EQ(code, U'\u00a9');
  EXPECT_EQ(DecodeUtf8("부산", &code), 3u);
  EXPECT_EQ(code, U'\ubd80');
  EXPECT_EQ(DecodeUtf8("\xf0\x9f\x98\x80", &code), 4u);
  EXPECT_EQ(code, U'\U0001F600');
  EXPECT_EQ(DecodeUtf8(std::string("\0", 1), &code), 1u);
  EXPECT_EQ(code, U'\0');
}

TEST(Utf8Test, RefusesMalformedSequences) {
  char32_t code = 0;
  for (const char* bad : {"\x80", "\xc2", "\xe4\xb8", "\xc2\x41",
                          "\xc0\xaf",          // overlong '/'
                          "\xed\xa0\x80",      // surrogate
                          "\xf4\x90\x80\x80",  // past U+10FFFF
                          "\xff"}) {
    EXPECT_EQ(DecodeUtf8(bad, &code), 0u) << bad;
  }
}

TEST(Utf8Test, ControlCharacters) {
  EXPECT_TRUE(IsControl(U'\0'));
  EXPECT_TRUE(IsControl(U'\x1b'));
  EXPECT_TRUE(IsControl(U'\x7f'));
  EXPECT_TRUE(IsControl(U'\u0085'));
  EXPECT_FALSE(IsControl(U' '));
  EXPECT_FALSE(IsControl(U'\u00a0'));
  EXPECT_FALSE(IsControl(U'부'));
}

}  // namespace
}  // namespace busan::text
