// The dashboard HTML report as a browser sees it: Debian's Chromium renders
// the fixture headless at phone width (a screenshot), parses it (the DOM it
// dumps, not our string) and must report no console or resource errors.
#include <fcntl.h>
#include <google/protobuf/text_format.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "busan/dashboard/v1/dashboard.pb.h"
#include "busanctl/report/dashboard_html.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::testing {
namespace {

namespace v1 = ::busan::dashboard::v1;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// scripts/setup installs Debian's chromium package; a missing browser is a
// broken setup, not a reason to skip.
constexpr char kChromium[] = "/usr/bin/chromium";
constexpr absl::Duration kChromiumTimeout = absl::Seconds(60);

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

v1::Dashboard LoadFixture(const std::string& name) {
  const std::string path =
      absl::StrCat(BUSAN_SOURCE_DIR, "/busanctl/report/testdata/", name);
  v1::Dashboard dashboard;
  EXPECT_TRUE(
      google::protobuf::TextFormat::ParseFromString(ReadFile(path), &dashboard))
      << path;
  return dashboard;
}

struct ChromiumRun {
  bool timed_out = false;
  int exit_code = -1;
  std::string out;  // stdout: the DOM for --dump-dom
  std::string err;  // stderr: Chromium's log
};

// Runs Chromium on `page` with `extra` flags. stdout and stderr go to
// separate files (the DOM must not mix with the log) rather than pipes that
// renderer processes could hold open. Chromium starts helper processes, so
// it runs in its own process group and the whole group is killed when the
// run exceeds the deadline, and again once it is done so nothing lingers.
ChromiumRun RunChromium(const TempDir& dir, const std::string& name,
                        const std::string& page,
                        const std::vector<std::string>& extra) {
  std::vector<std::string> args = {
      kChromium,
      "--headless=new",
      "--disable-gpu",
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-extensions",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--hide-scrollbars",
      "--force-device-scale-factor=1",
      "--user-data-dir=" + dir.Sub(name + "-profile"),
      "--virtual-time-budget=5000",
      "--enable-logging=stderr",
      "--v=0",
  };
  // Chromium refuses to run its sandbox as root.
  if (geteuid() == 0) args.push_back("--no-sandbox");
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back("file://" + page);

  const std::string out_path = dir.Sub(name + ".stdout");
  const std::string err_path = dir.Sub(name + ".stderr");
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  ChromiumRun run;
  const pid_t pid = fork();
  if (pid < 0) {
    run.err = absl::StrCat("fork failed: ", strerror(errno));
    return run;
  }
  if (pid == 0) {
    setpgid(0, 0);
    const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int null = open("/dev/null", O_RDONLY);
    if (out < 0 || err < 0 || null < 0) _exit(126);
    dup2(null, STDIN_FILENO);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  setpgid(pid, pid);  // also from here, so the group exists before any kill

  const absl::Time deadline = absl::Now() + kChromiumTimeout;
  int status = 0;
  while (true) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (absl::Now() >= deadline) {
      run.timed_out = true;
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
  kill(-pid, SIGKILL);  // helpers that outlived the browser process
  if (!run.timed_out) {
    run.exit_code =
        WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  run.out = ReadFile(out_path);
  run.err = ReadFile(err_path);
  return run;
}

// The lines of Chromium's log that are about the page: console messages
// (logged as "...:INFO:CONSOLE:12] \"text\", source: URL (12)", or
// "CONSOLE(12)" by older versions, at any severity: the report has no
// scripts, so any console message is a problem), uncaught exceptions and
// failed resource loads. Everything else Chromium logs on a headless machine
// (D-Bus, GPU, VA-API, sandbox warnings) is about the browser, not the page.
std::vector<std::string> PageProblems(const std::string& log) {
  static const std::regex kConsole(R"(:CONSOLE[:(]\d*)");
  std::vector<std::string> problems;
  for (absl::string_view line : absl::StrSplit(log, '\n')) {
    const std::string text(line);
    if (std::regex_search(text, kConsole) ||
        text.find("Uncaught") != std::string::npos ||
        text.find("Failed to load resource") != std::string::npos) {
      problems.push_back(text);
    }
  }
  return problems;
}

int CountMatches(const std::string& text, const std::string& pattern) {
  const std::regex re(pattern);
  return std::distance(std::sregex_iterator(text.begin(), text.end(), re),
                       std::sregex_iterator());
}

std::string Describe(const ChromiumRun& run) {
  return absl::StrCat("exit ", run.exit_code,
                      run.timed_out ? " (timed out, killed)" : "",
                      "\n--- stderr ---\n", run.err.substr(0, 8000));
}

class DashboardChromiumTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(access(kChromium, X_OK), 0)
        << kChromium << " is missing (" << strerror(errno)
        << "): run scripts/setup as root, which installs Debian's chromium "
           "package";
  }

  // Writes the report of `fixture` into the temp dir; returns its path.
  std::string WriteReport(const std::string& fixture,
                          const std::string& file_name) {
    const std::string path = dir_.Sub(file_name);
    std::ofstream(path, std::ios::binary) << ctl::RenderDashboardHtml(
        LoadFixture(fixture), "2025-12-01T09:00:00+09:00");
    return path;
  }

  // When BUSAN_DASHBOARD_KEEP_DIR names a directory, copies `path` there as
  // `name`, for a person to open: the temp dir goes away after the test.
  static void KeepCopy(const std::string& path, const std::string& name) {
    const char* keep = std::getenv("BUSAN_DASHBOARD_KEEP_DIR");
    if (keep == nullptr || *keep == '\0') return;
    std::ofstream(absl::StrCat(keep, "/", name), std::ios::binary)
        << ReadFile(path);
  }

  TempDir dir_;
};

TEST_F(DashboardChromiumTest, ScreenshotAtPhoneWidth) {
  const std::string page = WriteReport("dashboard.txtpb", "report.html");
  const std::string png = dir_.Sub("report.png");
  const ChromiumRun run =
      RunChromium(dir_, "screenshot", page,
                  {"--window-size=412,1600", "--screenshot=" + png});
  ASSERT_FALSE(run.timed_out) << Describe(run);
  EXPECT_EQ(run.exit_code, 0) << Describe(run);
  EXPECT_THAT(PageProblems(run.err), IsEmpty());

  struct stat info;
  ASSERT_EQ(stat(png.c_str(), &info), 0) << "no screenshot; " << Describe(run);
  EXPECT_GT(info.st_size, 0);
  const std::string bytes = ReadFile(png);
  ASSERT_GE(bytes.size(), 24u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  // IHDR: width and height, big-endian, right after the signature and the
  // chunk header. The window size, at one device pixel per CSS pixel.
  auto be32 = [&](size_t at) {
    return (uint32_t{static_cast<uint8_t>(bytes[at])} << 24) |
           (uint32_t{static_cast<uint8_t>(bytes[at + 1])} << 16) |
           (uint32_t{static_cast<uint8_t>(bytes[at + 2])} << 8) |
           uint32_t{static_cast<uint8_t>(bytes[at + 3])};
  };
  EXPECT_EQ(bytes.substr(12, 4), "IHDR");
  EXPECT_EQ(be32(16), 412u);
  EXPECT_EQ(be32(20), 1600u);
  KeepCopy(page, "report.html");
  KeepCopy(png, "report.png");
}

TEST_F(DashboardChromiumTest, DomHasTheChartsAndLoadsWithoutErrors) {
  const v1::Dashboard dashboard = LoadFixture("dashboard.txtpb");
  const std::string page = WriteReport("dashboard.txtpb", "report.html");
  const ChromiumRun run = RunChromium(dir_, "dom", page, {"--dump-dom"});
  ASSERT_FALSE(run.timed_out) << Describe(run);
  EXPECT_EQ(run.exit_code, 0) << Describe(run);
  EXPECT_THAT(PageProblems(run.err), IsEmpty());
  const std::string& dom = run.out;
  ASSERT_THAT(dom, HasSubstr("</html>")) << Describe(run);

  // Rank trends: one circle.point per point, per chart.
  int points = 0;
  for (const auto& ranking : dashboard.rankings())
    points += ranking.points_size();
  EXPECT_EQ(CountMatches(dom, R"(<circle\b[^>]*\bclass="point")"), points);
  for (int i = 0; i < dashboard.rankings_size(); ++i) {
    const std::regex chart(absl::StrCat(R"(<svg\b[^>]*\bid="rank-trend-)", i,
                                        R"("[^>]*>([\s\S]*?)</svg>)"));
    std::smatch match;
    ASSERT_TRUE(std::regex_search(dom, match, chart)) << "rank-trend-" << i;
    EXPECT_EQ(CountMatches(match[1].str(), R"(<circle\b[^>]*\bclass="point")"),
              dashboard.rankings(i).points_size());
  }
  // Budget bars: a declared bar per declared budget, a recorded bar per
  // strategy.
  int declared = 0, recorded = 0;
  for (const auto& plan : dashboard.plans()) {
    for (const auto& strategy : plan.strategies()) {
      declared += strategy.has_declared_budget_krw() ? 1 : 0;
      ++recorded;
    }
  }
  EXPECT_EQ(CountMatches(dom, R"(<rect\b[^>]*\bclass="bar declared")"),
            declared);
  EXPECT_EQ(CountMatches(dom, R"(<rect\b[^>]*\bclass="bar recorded")"),
            recorded);
  EXPECT_EQ(CountMatches(dom, R"(<rect\b[^>]*\bclass="bar )"),
            declared + recorded);
  EXPECT_EQ(CountMatches(dom, R"(<svg\b[^>]*\bclass="chart budget-bars")"),
            dashboard.plans_size());
  // Fund progress: one fill per fund with a target.
  int targets = 0;
  for (const auto& fund : dashboard.funds()) targets += fund.has_target_krw();
  EXPECT_EQ(CountMatches(dom, R"(<svg\b[^>]*\bclass="chart fund-progress")"),
            targets);
  EXPECT_EQ(CountMatches(dom, R"(<rect\b[^>]*\bclass="progress[ "])"), targets);

  for (const char* heading : {"Plans", "Rankings", "Meeting series", "Funds"}) {
    EXPECT_EQ(CountMatches(dom, absl::StrCat("<h2\\b[^>]*>", heading, "</h2>")),
              1)
        << heading;
  }
  // Decoded as UTF-8, as the meta charset says.
  EXPECT_THAT(dom, HasSubstr("부산 AI 혁신 전략"));
  // Nothing for the browser to fetch.
  EXPECT_EQ(CountMatches(dom, R"(<(script|link|img|iframe|object|embed)\b)"),
            0);
  EXPECT_EQ(CountMatches(dom, R"(\s(src|href|xlink:href)=)"), 0);
  EXPECT_THAT(dom, Not(HasSubstr("unavailable-banner")));
}

TEST_F(DashboardChromiumTest, DegradedReportWarnsAndStaysInert) {
  const std::string page =
      WriteReport("dashboard_degraded_html.txtpb", "degraded.html");
  KeepCopy(page, "degraded.html");
  const ChromiumRun run = RunChromium(dir_, "degraded", page, {"--dump-dom"});
  ASSERT_FALSE(run.timed_out) << Describe(run);
  EXPECT_EQ(run.exit_code, 0) << Describe(run);
  EXPECT_THAT(PageProblems(run.err), IsEmpty());
  const std::string& dom = run.out;
  EXPECT_EQ(CountMatches(dom, R"(<div\b[^>]*\bid="unavailable-banner")"), 1);
  EXPECT_EQ(CountMatches(dom, R"(<p\b[^>]*\bclass="section-unavailable")"), 3);
  // The names with markup in them stayed text: no element was created.
  EXPECT_EQ(CountMatches(dom, R"(<script\b)"), 0);
  EXPECT_THAT(dom, HasSubstr("&lt;script&gt;alert(\"plan\")&lt;/script&gt;"));
  EXPECT_THAT(dom, HasSubstr("&lt;b&gt;bold&lt;/b&gt;"));
}

// The error filter above is only worth something if this Chromium logs page
// problems in the shape it looks for: a page with a failing script must
// trip it.
TEST_F(DashboardChromiumTest, ErrorFilterSeesAFailingPage) {
  const std::string page = dir_.Sub("broken.html");
  std::ofstream(page) << "<!DOCTYPE html><meta charset=\"utf-8\"><title>x"
                         "</title><script>no_such_function();</script>";
  const ChromiumRun run = RunChromium(dir_, "broken", page, {"--dump-dom"});
  ASSERT_FALSE(run.timed_out) << Describe(run);
  const std::vector<std::string> problems = PageProblems(run.err);
  EXPECT_THAT(absl::StrJoin(problems, "\n"),
              HasSubstr("Uncaught ReferenceError: no_such_function"))
      << Describe(run);
}

}  // namespace
}  // namespace busan::testing
