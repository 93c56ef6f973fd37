#include "common/paging/page_token.h"

#include "absl/strings/escaping.h"
#include "common/testing/status_matchers.h"
#include "gtest/gtest.h"

namespace busan::paging {
namespace {

using ::busan::testing::StatusIs;
using ::testing::HasSubstr;

TEST(PageSizeTest, DefaultsClampsAndRefusesNegative) {
  EXPECT_EQ(*EffectivePageSize(0), 50);
  EXPECT_EQ(*EffectivePageSize(7), 7);
  EXPECT_EQ(*EffectivePageSize(1000), 1000);
  EXPECT_EQ(*EffectivePageSize(5000), 1000);
  EXPECT_THAT(EffectivePageSize(-1),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("page_size")));
}

TEST(QueryFingerprintTest, DependsOnEveryPartAndItsBoundaries) {
  EXPECT_EQ(QueryFingerprint({"a", "b"}), QueryFingerprint({"a", "b"}));
  EXPECT_NE(QueryFingerprint({"ab", "c"}), QueryFingerprint({"a", "bc"}));
  EXPECT_NE(QueryFingerprint({"a"}), QueryFingerprint({"b"}));
}

class PageTokenTest : public ::testing::Test {
 protected:
  PageTokenCodec codec_{std::string(32, 'k')};
  internal::v1::PageCursor Cursor() {
    internal::v1::PageCursor cursor;
    cursor.set_query_fingerprint(99);
    cursor.set_last_sort_key("projects/x");
    cursor.set_total_size(12);
    return cursor;
  }
};

TEST_F(PageTokenTest, RoundTrips) {
  const std::string token = codec_.Encode(Cursor());
  ASSERT_OK_AND_ASSIGN(auto decoded, codec_.Decode(token, 99));
  EXPECT_EQ(decoded.last_sort_key(), "projects/x");
  EXPECT_EQ(decoded.total_size(), 12);
}

TEST_F(PageTokenTest, RefusesEveryFlippedByte) {
  std::string raw;
  ASSERT_TRUE(absl::WebSafeBase64Unescape(codec_.Encode(Cursor()), &raw));
  for (size_t i = 0; i < raw.size(); ++i) {
    std::string tampered = raw;
    tampered[i] ^= 0x01;
    EXPECT_THAT(codec_.Decode(absl::WebSafeBase64Escape(tampered), 99),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         HasSubstr("page_token")))
        << "byte " << i;
  }
}

TEST_F(PageTokenTest, RefusesGarbageOtherKeyAndOtherQuery) {
  EXPECT_THAT(codec_.Decode("not base64!", 99),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("malformed")));
  EXPECT_THAT(codec_.Decode("", 99),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("page_token")));
  PageTokenCodec other(std::string(32, 'z'));
  EXPECT_THAT(other.Decode(codec_.Encode(Cursor()), 99),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("altered")));
  EXPECT_THAT(codec_.Decode(codec_.Encode(Cursor()), 100),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("different")));
}

}  // namespace
}  // namespace busan::paging
