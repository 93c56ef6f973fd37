// The page walker against a scripted List call: every page in order, an
// early stop, the first failure, and a server that repeats a token.
#include "client/pages.h"

#include <string>
#include <vector>

#include "busan/catalog/v1/catalog.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::client {
namespace {

using catalog::v1::ListPlansResponse;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A List call that answers from `pages`: the page token "" is page 0, the
// token "N" page N; each page names the next unless it is the last.
class ScriptedList {
 public:
  explicit ScriptedList(int pages) : pages_(pages) {}

  grpc::Status operator()(const std::string& page_token,
                          ListPlansResponse* page) {
    tokens_asked.push_back(page_token);
    const int index = page_token.empty() ? 0 : std::stoi(page_token);
    if (index == fail_at) {
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "down");
    }
    page->add_plans()->set_name("plans/p" + std::to_string(index));
    page->set_total_size(pages_);
    if (repeat_at == index) {
      page->set_next_page_token(std::to_string(index));
    } else if (index + 1 < pages_) {
      page->set_next_page_token(std::to_string(index + 1));
    }
    return grpc::Status::OK;
  }

  int fail_at = -1;
  int repeat_at = -1;
  std::vector<std::string> tokens_asked;

 private:
  int pages_;
};

std::vector<std::string> NamesOf(const std::vector<ListPlansResponse>& pages) {
  std::vector<std::string> names;
  for (const ListPlansResponse& page : pages) {
    for (const auto& plan : page.plans()) names.push_back(plan.name());
  }
  return names;
}

TEST(WalkPagesTest, HandsEveryPageOverInOrder) {
  ScriptedList list(3);
  std::vector<ListPlansResponse> seen;
  const grpc::Status status = WalkPages<ListPlansResponse>(
      "", std::ref(list), [&](const ListPlansResponse& page) {
        seen.push_back(page);
        // The token is taken out before the page is handed over.
        EXPECT_TRUE(page.next_page_token().empty());
        return true;
      });
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(NamesOf(seen), ElementsAre("plans/p0", "plans/p1", "plans/p2"));
  EXPECT_THAT(list.tokens_asked, ElementsAre("", "1", "2"));
}

TEST(WalkPagesTest, StartsFromTheGivenTokenAndStopsWhenAsked) {
  ScriptedList list(5);
  std::vector<ListPlansResponse> seen;
  const grpc::Status status = WalkPages<ListPlansResponse>(
      "1", std::ref(list), [&](const ListPlansResponse& page) {
        seen.push_back(page);
        return seen.size() < 2;
      });
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(NamesOf(seen), ElementsAre("plans/p1", "plans/p2"));
  EXPECT_THAT(list.tokens_asked, ElementsAre("1", "2"));
}

TEST(WalkPagesTest, TheFirstFailedCallEndsTheWalkWithItsStatus) {
  ScriptedList list(4);
  list.fail_at = 2;
  int pages = 0;
  const grpc::Status status = WalkPages<ListPlansResponse>(
      "", std::ref(list), [&](const ListPlansResponse&) {
        ++pages;
        return true;
      });
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(pages, 2);
  EXPECT_THAT(list.tokens_asked, ElementsAre("", "1", "2"));
}

TEST(WalkPagesTest, ARepeatedTokenIsInternalInsteadOfALoop) {
  ScriptedList list(4);
  list.repeat_at = 1;  // page 1 names itself as the next page
  int pages = 0;
  const grpc::Status status = WalkPages<ListPlansResponse>(
      "", std::ref(list), [&](const ListPlansResponse&) {
        ++pages;
        return true;
      });
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_THAT(status.error_message(), HasSubstr("same next_page_token twice"));
  // Page 1 is handed over, then its token is seen to be one already
  // followed: it is not asked for again.
  EXPECT_THAT(list.tokens_asked, ElementsAre("", "1"));
  EXPECT_EQ(pages, 2);
}

}  // namespace
}  // namespace busan::client
