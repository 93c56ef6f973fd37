#include "common/server/logger.h"

#include <fcntl.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "common/files/read_file.h"
#include "common/testing/status_matchers.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::server {
namespace {

using ::busan::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

TEST(JsonStringTest, EscapesWhatCouldBreakALineOrAField) {
  EXPECT_EQ(JsonString("plain"), R"("plain")");
  EXPECT_EQ(JsonString(R"(a"b\c)"), R"("a\"b\\c")");
  EXPECT_EQ(JsonString("line\nnext\r\t"), R"("line\nnext\r\t")");
  EXPECT_EQ(JsonString(std::string("nul\0bell\x07\x1f\x7f", 11)),
            R"("nul\u0000bell\u0007\u001f\u007f")");
  // UTF-8 passes through: JSON text is UTF-8.
  EXPECT_EQ(JsonString("부산"), "\"부산\"");
}

TEST(LogLevelTest, ParsesTheFourNames) {
  for (LogLevel level : {LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarning,
                         LogLevel::kError}) {
    ASSERT_OK_AND_ASSIGN(LogLevel parsed, ParseLogLevel(LogLevelName(level)));
    EXPECT_EQ(parsed, level);
  }
  EXPECT_THAT(ParseLogLevel("verbose"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("\"verbose\" is not a log level")));
}

TEST(LoggerTest, WritesOneJsonObjectPerLineFromTheLevelUp) {
  busan::testing::TempDir dir;
  const std::string path = dir.Sub("log");
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  ASSERT_GE(fd, 0);
  {
    Logger logger(LogLevel::kInfo, fd);
    EXPECT_FALSE(logger.Enabled(LogLevel::kDebug));
    EXPECT_TRUE(logger.Enabled(LogLevel::kWarning));
    logger.Log(LogLevel::kDebug, "hidden", {});
    logger.Log(LogLevel::kInfo, "serving",
               {{"address", "127.0.0.1:1"}, {"port", 1}});
    logger.Log(LogLevel::kError, "fatal", {{"message", "bad \"x\"\nnext"}});
  }
  close(fd);
  ASSERT_OK_AND_ASSIGN(std::string text, files::ReadFile(path));
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  ASSERT_EQ(lines.size(), 3u) << text;  // two lines and the last newline
  EXPECT_THAT(
      lines[0],
      MatchesRegex(R"(\{"time":"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]{15}Z",)"
                   R"("level":"info","event":"serving",)"
                   R"("address":"127.0.0.1:1","port":1\})"));
  EXPECT_THAT(lines[1], HasSubstr(R"("level":"error","event":"fatal",)"
                                  R"("message":"bad \"x\"\nnext"})"));
  EXPECT_EQ(lines[2], "");
}

}  // namespace
}  // namespace busan::server
