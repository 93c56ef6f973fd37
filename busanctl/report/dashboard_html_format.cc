// How single values look in the HTML report: escaping, compact won amounts,
// percentages, the cells of the declared-vs-recorded table and the entries
// of dl.figures. Each returns a fragment of HTML for the cards and charts
// to place.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "busanctl/report/dashboard_html.h"
#include "busanctl/report/dashboard_html_internal.h"
#include "busanctl/report/output.h"

namespace busan::ctl {

std::string HtmlEscape(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace dashboard_html {
namespace {

// Below a million won the compact form is already exact.
bool IsRounded(int64_t amount_krw) {
  return amount_krw >= 1000000 || amount_krw <= -1000000;
}

}  // namespace

std::string CompactKrw(int64_t amount) {
  struct Unit {
    double scale;
    const char* suffix;
  };
  static constexpr Unit kUnits[] = {{1e12, " tn"}, {1e9, " bn"}, {1e6, " m"}};
  const double magnitude = std::abs(static_cast<double>(amount));
  for (const Unit& unit : kUnits) {
    if (magnitude >= unit.scale) {
      const double scaled = magnitude / unit.scale;
      char buffer[48];
      std::snprintf(buffer, sizeof buffer, "%s₩%.*f%s", amount < 0 ? "-" : "",
                    scaled < 10 ? 2 : (scaled < 100 ? 1 : 0), scaled,
                    unit.suffix);
      return buffer;
    }
  }
  return absl::StrCat(amount < 0 ? "-" : "", "₩",
                      GroupThousands(amount < 0 ? -amount : amount));
}

std::string Signed(int64_t value) {
  return value > 0 ? absl::StrCat("+", value) : absl::StrCat(value);
}

std::string PercentFromBasisPoints(int64_t basis_points) {
  const bool negative = basis_points < 0;
  const int64_t tenths = (std::abs(basis_points) + 5) / 10;
  return absl::StrCat(negative ? "-" : "", GroupThousands(tenths / 10), ".",
                      tenths % 10, "%");
}

std::optional<int64_t> KnownSum(int64_t total_krw, int64_t project_count,
                                int64_t unbudgeted_count) {
  if (project_count > 0 && unbudgeted_count == project_count) {
    return std::nullopt;
  }
  return total_krw;
}

std::string AmountCell(std::optional<int64_t> amount_krw,
                       absl::string_view absent) {
  if (!amount_krw) {
    return absl::StrCat("<td><span class=\"absent\">", absent, "</span></td>");
  }
  std::string cell = absl::StrCat("<td><span class=\"big\">",
                                  CompactKrw(*amount_krw), "</span>");
  if (IsRounded(*amount_krw)) {
    absl::StrAppend(&cell, "<span class=\"exact\">", FormatKrw(*amount_krw),
                    "</span>");
  }
  absl::StrAppend(&cell, "</td>");
  return cell;
}

std::string CountCell(std::optional<int64_t> count) {
  if (!count) return "<td><span class=\"absent\">not declared</span></td>";
  return absl::StrCat("<td><span class=\"big\">", GroupThousands(*count),
                      "</span></td>");
}

std::string Figure(absl::string_view label, absl::string_view value_html,
                   absl::string_view detail_html) {
  std::string out = absl::StrCat("<div><dt>", label, "</dt><dd>", value_html);
  if (!detail_html.empty())
    absl::StrAppend(&out, "<small>", detail_html, "</small>");
  absl::StrAppend(&out, "</dd></div>");
  return out;
}

std::string MoneyFigure(absl::string_view label, int64_t amount_krw) {
  return Figure(
      label, CompactKrw(amount_krw),
      IsRounded(amount_krw) ? absl::StrCat(FormatKrw(amount_krw), " KRW") : "");
}

}  // namespace dashboard_html
}  // namespace busan::ctl
