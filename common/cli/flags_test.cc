#include "common/cli/flags.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// A FlagSet with one flag of each kind, bound to public members.
struct Fixture {
  Fixture() : flags("prog") {
    flags.String("address", &address, "HOST:PORT to serve on");
    flags.Int("port", &port, "port number");
    flags.Bool("force", &force, "delete children too");
    flags.String("token", &token, "bearer token");
  }
  std::string address = "0.0.0.0:50051";
  int64_t port = 10;
  bool force = false;
  std::string token;
  FlagSet flags;
};

TEST(FlagSetTest, DefaultsStayWhenFlagsAreAbsent) {
  Fixture f;
  auto args = f.flags.Parse(std::vector<std::string>{});
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_THAT(*args, IsEmpty());
  EXPECT_EQ(f.address, "0.0.0.0:50051");
  EXPECT_EQ(f.port, 10);
  EXPECT_FALSE(f.force);
}

TEST(FlagSetTest, EqualsAndSpaceFormsBothSetValues) {
  Fixture f;
  auto args = f.flags.Parse(
      std::vector<std::string>{"--address=localhost:1", "--port", "42"});
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_EQ(f.address, "localhost:1");
  EXPECT_EQ(f.port, 42);
}

TEST(FlagSetTest, ValueMayContainEqualsSignsAndBeEmpty) {
  Fixture f;
  ASSERT_TRUE(f.flags.Parse(std::vector<std::string>{"--token=a=b=c"}).ok());
  EXPECT_EQ(f.token, "a=b=c");
  ASSERT_TRUE(f.flags.Parse(std::vector<std::string>{"--address="}).ok());
  EXPECT_EQ(f.address, "");
}

TEST(FlagSetTest, FlagsMayAppearAnywhereAmongPositionals) {
  Fixture f;
  auto args = f.flags.Parse(std::vector<std::string>{
      "projects", "--force", "delete", "--port=7", "projects/x"});
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_THAT(*args, ElementsAre("projects", "delete", "projects/x"));
  EXPECT_TRUE(f.force);
  EXPECT_EQ(f.port, 7);
}

TEST(FlagSetTest, BoolNeverConsumesTheNextArgument) {
  Fixture f;
  auto args = f.flags.Parse(std::vector<std::string>{"--force", "true"});
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_TRUE(f.force);
  EXPECT_THAT(*args, ElementsAre("true"));
}

TEST(FlagSetTest, BoolAcceptsExplicitValues) {
  Fixture f;
  ASSERT_TRUE(f.flags.Parse(std::vector<std::string>{"--force=true"}).ok());
  EXPECT_TRUE(f.force);
  ASSERT_TRUE(f.flags.Parse(std::vector<std::string>{"--force=false"}).ok());
  EXPECT_FALSE(f.force);
  ASSERT_TRUE(f.flags.Parse(std::vector<std::string>{"--force=1"}).ok());
  EXPECT_TRUE(f.force);
  auto bad = f.flags.Parse(std::vector<std::string>{"--force=maybe"});
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("flag --force: \"maybe\""));
}

TEST(FlagSetTest, DoubleDashEndsFlags) {
  Fixture f;
  auto args = f.flags.Parse(
      std::vector<std::string>{"a", "--", "--force", "--port=x", "-"});
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_THAT(*args, ElementsAre("a", "--force", "--port=x", "-"));
  EXPECT_FALSE(f.force);
}

TEST(FlagSetTest, LoneDashAndNegativeNumbersArePositional) {
  Fixture f;
  auto args = f.flags.Parse(std::vector<std::string>{"-", "-5"});
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_THAT(*args, ElementsAre("-", "-5"));
}

TEST(FlagSetTest, LastOccurrenceWins) {
  Fixture f;
  ASSERT_TRUE(
      f.flags.Parse(std::vector<std::string>{"--port=1", "--port=2"}).ok());
  EXPECT_EQ(f.port, 2);
}

TEST(FlagSetTest, UnknownFlagIsInvalidArgument) {
  Fixture f;
  auto args = f.flags.Parse(std::vector<std::string>{"--foo=1"});
  EXPECT_EQ(args.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(args.status().message(), "unknown flag --foo");
}

TEST(FlagSetTest, SingleDashFormIsUnknown) {
  Fixture f;
  auto args = f.flags.Parse(std::vector<std::string>{"-force"});
  EXPECT_EQ(args.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(args.status().message(), HasSubstr("unknown flag -force"));
}

TEST(FlagSetTest, MissingValueIsInvalidArgument) {
  Fixture f;
  auto args = f.flags.Parse(std::vector<std::string>{"x", "--port"});
  EXPECT_EQ(args.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(args.status().message(), "flag --port needs a value");
}

TEST(FlagSetTest, IntRejectsNonDecimal) {
  for (const char* bad : {"abc", "", "12x", " 12", "+3", "0x10", "1.5", "-"}) {
    Fixture f;
    auto args = f.flags.Parse(std::vector<std::string>{"--port", bad});
    EXPECT_EQ(args.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(args.status().message(),
              std::string("flag --port: \"") + bad + "\" is not an integer");
    EXPECT_EQ(f.port, 10) << "target must stay untouched";
  }
}

TEST(FlagSetTest, IntIsRangeChecked) {
  Fixture f;
  ASSERT_TRUE(
      f.flags.Parse(std::vector<std::string>{"--port=-9223372036854775808"})
          .ok());
  EXPECT_EQ(f.port, std::numeric_limits<int64_t>::min());
  ASSERT_TRUE(
      f.flags.Parse(std::vector<std::string>{"--port=9223372036854775807"})
          .ok());
  EXPECT_EQ(f.port, std::numeric_limits<int64_t>::max());

  auto args =
      f.flags.Parse(std::vector<std::string>{"--port=9223372036854775808"});
  EXPECT_EQ(args.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(args.status().message(), HasSubstr("is out of range"));
}

TEST(FlagSetTest, ParseArgvSkipsProgramName) {
  Fixture f;
  const char* argv[] = {"prog", "--port=3", "pos"};
  auto args = f.flags.Parse(3, argv);
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_THAT(*args, ElementsAre("pos"));
  EXPECT_EQ(f.port, 3);
}

TEST(FlagSetTest, UsageListsEveryFlagWithHelpAndDefault) {
  Fixture f;
  EXPECT_EQ(f.flags.Usage(),
            "  --address=VALUE  HOST:PORT to serve on (default "
            "\"0.0.0.0:50051\")\n"
            "  --port=INT       port number (default 10)\n"
            "  --force          delete children too\n"
            "  --token=VALUE    bearer token\n");
  EXPECT_EQ(f.flags.program(), "prog");
}

TEST(FlagSetTest, UsageShowsDefaultsCapturedAtRegistration) {
  std::string value = "before";
  FlagSet flags("p");
  flags.String("v", &value, "a value");
  ASSERT_TRUE(flags.Parse(std::vector<std::string>{"--v=after"}).ok());
  EXPECT_EQ(flags.Usage(), "  --v=VALUE  a value (default \"before\")\n");
}

// The Fixture plus --flagfile, and a temp dir to write flag files in.
struct FlagFileFixture : Fixture {
  FlagFileFixture() { flags.FlagFile("flagfile", "read flags from PATH"); }
  // Writes `contents` to a file in the temp dir and returns its path.
  std::string Write(const std::string& contents) {
    return dir.Write("flags", contents);
  }
  busan::testing::TempDir dir;
};

TEST(FlagFileTest, LinesActAsFlagsInPlaceSoLaterFlagsOverride) {
  FlagFileFixture f;
  const std::string path = f.Write(
      "# settings from a ConfigMap\n"
      "\n"
      "  --address=10.0.0.1:7  \n"
      "--port=5\n"
      "--force\n"
      "--token=two words\n");
  auto args = f.flags.Parse(
      std::vector<std::string>{"pos", "--flagfile=" + path, "--port=6"});
  ASSERT_TRUE(args.ok()) << args.status();
  EXPECT_THAT(*args, ElementsAre("pos"));
  EXPECT_EQ(f.address, "10.0.0.1:7");
  EXPECT_EQ(f.port, 6);
  EXPECT_TRUE(f.force);
  EXPECT_EQ(f.token, "two words");
}

TEST(FlagFileTest, FlagsBeforeTheFileAreOverriddenByIt) {
  FlagFileFixture f;
  const std::string path = f.Write("--port=5\n");
  ASSERT_TRUE(
      f.flags.Parse(std::vector<std::string>{"--port=4", "--flagfile", path})
          .ok());
  EXPECT_EQ(f.port, 5);
}

TEST(FlagFileTest, BadLinesAreNamedByFileAndLine) {
  struct Case {
    std::string contents;
    std::string message;
  };
  const Case cases[] = {
      {"--port=5\n--nope=1\n", ":2: unknown flag --nope"},
      {"--port=x\n", ":1: flag --port: \"x\" is not an integer"},
      {"--port 5\n", ":1: unknown flag --port 5"},
      {"--address\n", ":1: flag --address needs =value"},
      {"positional\n", ":1: \"positional\" is not --flag=value"},
      {"--flagfile=/etc/other\n",
       ":1: flag --flagfile may not appear in a flag file"},
  };
  for (const Case& c : cases) {
    FlagFileFixture f;
    const std::string path = f.Write(c.contents);
    auto args = f.flags.Parse(std::vector<std::string>{"--flagfile=" + path});
    ASSERT_FALSE(args.ok()) << c.contents;
    EXPECT_EQ(args.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(args.status().message(), "flag --flagfile: " + path + c.message)
        << c.contents;
  }
}

TEST(FlagFileTest, UnreadableFileIsAnError) {
  FlagFileFixture f;
  const std::string path = f.dir.Sub("missing");
  auto args = f.flags.Parse(std::vector<std::string>{"--flagfile=" + path});
  ASSERT_FALSE(args.ok());
  EXPECT_THAT(args.status().message(),
              HasSubstr("flag --flagfile: cannot read \"" + path + "\""));
}

TEST(FlagFileTest, UsageShowsAPathPlaceholder) {
  FlagSet flags("p");
  flags.FlagFile("flagfile", "read flags from PATH");
  EXPECT_EQ(flags.Usage(), "  --flagfile=PATH  read flags from PATH\n");
}

}  // namespace
}  // namespace busan::cli
