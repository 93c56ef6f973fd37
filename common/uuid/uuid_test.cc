#include "common/uuid/uuid.h"

#include <set>
#include <string>

#include "gtest/gtest.h"

namespace busan::uuid {
namespace {

TEST(UuidTest, NewRandomIsACanonicalVersion4UuidAndFresh) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = NewRandom();
    ASSERT_TRUE(IsCanonical(id)) << id;
    EXPECT_EQ(id[14], '4') << id;  // version
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos)
        << id;  // variant
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(UuidTest, RecognisesTheTextFormInEitherCase) {
  EXPECT_TRUE(IsUuid("123e4567-e89b-12d3-a456-426614174000"));
  EXPECT_TRUE(IsUuid("123E4567-E89B-12D3-A456-426614174000"));
  EXPECT_TRUE(IsCanonical("123e4567-e89b-12d3-a456-426614174000"));
  EXPECT_FALSE(IsCanonical("123E4567-E89B-12D3-A456-426614174000"));
  for (const char* bad : {"", "x", "123e4567e89b12d3a456426614174000",
                          "123e4567-e89b-12d3-a456-42661417400",
                          "123e4567-e89b-12d3-a456_426614174000",
                          "g23e4567-e89b-12d3-a456-426614174000",
                          "{123e4567-e89b-12d3-a456-426614174000}"}) {
    EXPECT_FALSE(IsUuid(bad)) << bad;
  }
}

}  // namespace
}  // namespace busan::uuid
