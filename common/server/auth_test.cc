#include "common/server/auth.h"

#include <grpcpp/test/server_context_test_spouse.h>

#include <fstream>
#include <string>
#include <vector>

#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::server {
namespace {

using ::busan::testing::IsOk;
using ::busan::testing::StatusIs;
using ::busan::testing::TempDir;
using ::testing::_;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kTokens[] =
    "# deploy pipeline\n"
    "\n"
    "writer-token\n"
    "reader-token read\n"
    "   # an indented comment\n"
    "ci-token\twrite\n"
    "crlf-token   read\r\n"
    "operator-token admin\n";

std::unique_ptr<Authorizer> MustParse(absl::string_view contents) {
  absl::StatusOr<std::unique_ptr<Authorizer>> parsed =
      Authorizer::Parse(contents);
  EXPECT_THAT(parsed, IsOk());
  return parsed.ok() ? std::move(*parsed) : nullptr;
}

// --- The tokens file -------------------------------------------------------

TEST(AuthorizerParseTest, SkipsCommentsAndBlankLinesAndReadsRoles) {
  std::unique_ptr<Authorizer> auth = MustParse(kTokens);
  ASSERT_NE(auth, nullptr);
  EXPECT_EQ(auth->token_count(), 5u);
  EXPECT_EQ(auth->count_with_role(Access::kRead), 2u);
  EXPECT_EQ(auth->count_with_role(Access::kAdmin), 1u);
  EXPECT_THAT(auth->CheckHeader("Bearer writer-token", Access::kWrite), IsOk());
  EXPECT_THAT(auth->CheckHeader("Bearer ci-token", Access::kWrite), IsOk());
  EXPECT_THAT(auth->CheckHeader("Bearer reader-token", Access::kRead), IsOk());
  EXPECT_THAT(auth->CheckHeader("Bearer reader-token", Access::kWrite),
              StatusIs(absl::StatusCode::kPermissionDenied, _));
  // Roles are ordered: admin may do everything, write everything but admin.
  for (Access access : {Access::kRead, Access::kWrite, Access::kAdmin}) {
    EXPECT_THAT(auth->CheckHeader("Bearer operator-token", access), IsOk());
  }
  EXPECT_THAT(
      auth->CheckHeader("Bearer writer-token", Access::kAdmin),
      StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("role admin")));
  EXPECT_THAT(
      auth->CheckHeader("Bearer reader-token", Access::kAdmin),
      StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("role admin")));
  // The '\r' of a CRLF line is not part of the token.
  EXPECT_THAT(auth->CheckHeader("Bearer crlf-token", Access::kRead), IsOk());
  // Comment text is not a token.
  EXPECT_THAT(auth->CheckHeader("Bearer #", Access::kRead),
              StatusIs(absl::StatusCode::kUnauthenticated, _));
}

TEST(AuthorizerParseTest, AcceptsPrintableAsciiUpToTheLimit) {
  const std::string longest(Authorizer::kMaxTokenLength, 'x');
  std::unique_ptr<Authorizer> auth =
      MustParse(longest + "\n!\"$%&'()*+,-./:;<=>?@[\\]^_`{|}~\n");
  ASSERT_NE(auth, nullptr);
  EXPECT_THAT(auth->CheckHeader("Bearer " + longest, Access::kWrite), IsOk());
  EXPECT_THAT(auth->CheckHeader("Bearer !\"$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
                                Access::kWrite),
              IsOk());
}

struct MalformedCase {
  std::string contents;
  std::string line;    // "line N"
  std::string reason;  // part of the message
  std::string secret;  // must not appear in the message
};

TEST(AuthorizerParseTest, MalformedLinesNameTheLineAndNeverTheToken) {
  const std::string too_long(Authorizer::kMaxTokenLength + 1, 's');
  const MalformedCase cases[] = {
      {"# ok\ngood\nsecret-one read extra\n", "line 3:", "3 fields",
       "secret-one"},
      {"secret-two owner\n", "line 1:", "role read, write or admin",
       "secret-two"},
      // A token with an accidental space: the tail is not echoed either.
      {"good\n\nsecret three\n", "line 3:", "role read, write or admin",
       "three"},
      {"good\n" + too_long + "\n", "line 2:", "longer than 512", too_long},
      {"secret\001four\n", "line 1:", "not printable ASCII", "four"},
      {"good\nsecret-\xed\x86\xa0\xed\x81\xb0\n",
       "line 2:", "not printable ASCII", "secret-"},
      {"secret-five\nother read\nsecret-five read\n",
       "line 3:", "repeats the one on line 1", "secret-five"},
  };
  for (const MalformedCase& c : cases) {
    SCOPED_TRACE(c.contents);
    absl::StatusOr<std::unique_ptr<Authorizer>> parsed =
        Authorizer::Parse(c.contents);
    EXPECT_THAT(parsed, StatusIs(absl::StatusCode::kInvalidArgument,
                                 AllOf(HasSubstr(c.line), HasSubstr(c.reason),
                                       Not(HasSubstr(c.secret)))));
  }
}

TEST(AuthorizerParseTest, AFileWithoutTokensIsRefused) {
  for (const char* contents : {"", "\n\n", "# only a comment\n  \n"}) {
    EXPECT_THAT(
        Authorizer::Parse(contents),
        StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("no tokens")));
  }
}

TEST(AuthorizerFromFileTest, LoadsAFile) {
  TempDir dir;
  std::ofstream(dir.Sub("tokens")) << kTokens;
  absl::StatusOr<std::unique_ptr<Authorizer>> auth =
      Authorizer::FromFile(dir.Sub("tokens"));
  ASSERT_THAT(auth, IsOk());
  EXPECT_EQ((*auth)->token_count(), 5u);
}

TEST(AuthorizerFromFileTest, ReloadSwapsTheTokensOrKeepsThemOnError) {
  TempDir dir;
  const std::string path = dir.Write("tokens", "old-token\n");
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Authorizer> auth,
                       Authorizer::FromFile(path));
  EXPECT_OK(auth->CheckHeader("Bearer old-token", Access::kWrite));

  dir.Write("tokens", "new-token read\n");
  ASSERT_OK(auth->ReloadFrom(path));
  EXPECT_THAT(auth->CheckHeader("Bearer old-token", Access::kRead),
              StatusIs(absl::StatusCode::kUnauthenticated, _));
  EXPECT_OK(auth->CheckHeader("Bearer new-token", Access::kRead));
  EXPECT_EQ(auth->count_with_role(Access::kRead), 1u);

  dir.Write("tokens", "# nothing here\n");
  EXPECT_THAT(
      auth->ReloadFrom(path),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("tokens")));
  EXPECT_OK(auth->CheckHeader("Bearer new-token", Access::kRead));
  EXPECT_EQ(auth->token_count(), 1u);
}

TEST(AuthorizerFromFileTest, ErrorsNameTheFile) {
  TempDir dir;
  std::ofstream(dir.Sub("tokens")) << "good\nbad role-typo\n";
  EXPECT_THAT(Authorizer::FromFile(dir.Sub("tokens")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr(dir.Sub("tokens")), HasSubstr("line 2"),
                             Not(HasSubstr("role-typo")))));
  std::ofstream(dir.Sub("empty")).flush();
  EXPECT_THAT(
      Authorizer::FromFile(dir.Sub("empty")),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr(dir.Sub("empty")), HasSubstr("no tokens"))));
}

TEST(AuthorizerFromFileTest, UnreadableFilesAreRefused) {
  TempDir dir;
  EXPECT_THAT(
      Authorizer::FromFile(dir.Sub("missing")),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr("cannot read"), HasSubstr(dir.Sub("missing")))));
  // A directory opens but cannot be read.
  EXPECT_THAT(
      Authorizer::FromFile(dir.path()),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("cannot read")));
}

// --- Checking a call -------------------------------------------------------

class AuthorizerCheckTest : public ::testing::Test {
 protected:
  AuthorizerCheckTest()
      : auth_(MustParse("writer-token\nreader-token read\n")) {}

  // Check() on a server context carrying `values` as authorization metadata.
  absl::Status CheckWith(std::vector<std::string> values, Access access) {
    grpc::ServerContext context;
    grpc::testing::ServerContextTestSpouse spouse(&context);
    for (const std::string& value : values) {
      spouse.AddClientMetadata("authorization", value);
    }
    spouse.AddClientMetadata("x-other", "Bearer writer-token");
    return auth_->Check(context, access);
  }

  std::unique_ptr<Authorizer> auth_;
};

TEST_F(AuthorizerCheckTest, MissingHeaderIsUnauthenticated) {
  EXPECT_THAT(CheckWith({}, Access::kRead),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       HasSubstr("missing bearer token")));
}

TEST_F(AuthorizerCheckTest, WrongSchemeOrNoTokenIsUnauthenticated) {
  for (const char* value :
       {"Basic d3JpdGVyLXRva2Vu", "writer-token", "Bearer", "Bearer ",
        "Bearer    ", "Bearerwriter-token", ""}) {
    SCOPED_TRACE(value);
    EXPECT_THAT(CheckWith({value}, Access::kRead),
                StatusIs(absl::StatusCode::kUnauthenticated,
                         HasSubstr("missing bearer token")));
  }
}

TEST_F(AuthorizerCheckTest, UnknownTokenIsUnauthenticatedWithoutEchoingIt) {
  for (const char* value : {"Bearer guess", "Bearer writer-toke",
                            "Bearer writer-token2", "Bearer WRITER-TOKEN"}) {
    SCOPED_TRACE(value);
    EXPECT_THAT(
        CheckWith({value}, Access::kRead),
        StatusIs(absl::StatusCode::kUnauthenticated,
                 AllOf(HasSubstr("unknown bearer token"),
                       Not(HasSubstr("guess")), Not(HasSubstr("writer")))));
  }
}

TEST_F(AuthorizerCheckTest, ReadTokenReadsButDoesNotWrite) {
  EXPECT_THAT(CheckWith({"Bearer reader-token"}, Access::kRead), IsOk());
  EXPECT_THAT(
      CheckWith({"Bearer reader-token"}, Access::kWrite),
      StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("read-only")));
}

TEST_F(AuthorizerCheckTest, WriteTokenReadsAndWrites) {
  EXPECT_THAT(CheckWith({"Bearer writer-token"}, Access::kRead), IsOk());
  EXPECT_THAT(CheckWith({"Bearer writer-token"}, Access::kWrite), IsOk());
}

TEST_F(AuthorizerCheckTest, SchemeIsCaseInsensitive) {
  for (const char* value : {"bearer writer-token", "BEARER writer-token",
                            "bEaReR writer-token", "Bearer  writer-token"}) {
    SCOPED_TRACE(value);
    EXPECT_THAT(CheckWith({value}, Access::kWrite), IsOk());
  }
}

TEST_F(AuthorizerCheckTest, TwoAuthorizationEntriesAreRefused) {
  EXPECT_THAT(
      CheckWith({"Bearer writer-token", "Bearer reader-token"}, Access::kRead),
      StatusIs(absl::StatusCode::kUnauthenticated, _));
}

TEST(CheckAccessTest, NoAuthorizerAllowsEverything) {
  grpc::ServerContext context;
  EXPECT_THAT(CheckAccess(nullptr, context, Access::kWrite), IsOk());
  EXPECT_THAT(CheckAccess(nullptr, context, Access::kRead), IsOk());
}

}  // namespace
}  // namespace busan::server
