// Text layout for the dashboard's text form, in terminal columns: wrapping
// at spaces (splitting a word only between characters when it is wider than
// a line), hanging indents, padding, headings that keep whole names, title
// lines that keep ids, and key: value blocks. Numbers and ids are never cut;
// only display names are truncated, with "…".
#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "busanctl/report/dashboard_table_internal.h"
#include "busanctl/report/output.h"
#include "busanctl/report/text_width.h"

namespace busan::ctl::dashboard_table {
namespace {

// A strategy's display name is cut to make room for its id only while at
// least this much of it is left; below that the id goes on its own line.
constexpr int kMinTitleWidth = 20;

// TruncateToWidth without a space before the "…", which would read as a
// cut after a whole word when a word was cut.
std::string Truncate(absl::string_view text, int width) {
  std::string out = TruncateToWidth(text, width);
  static constexpr absl::string_view kEllipsis = "…";
  if (absl::EndsWith(out, kEllipsis) && out != text) {
    std::string head = out.substr(0, out.size() - kEllipsis.size());
    while (!head.empty() && head.back() == ' ') head.pop_back();
    out = absl::StrCat(head, kEllipsis);
  }
  return out;
}

// Bytes in the UTF-8 character starting at text[pos]; 1 for a byte that does
// not start a valid sequence (DisplayWidth counts it as one column).
size_t CharLength(absl::string_view text, size_t pos) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  size_t length = 1;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
  }
  if (pos + length > text.size()) return 1;
  for (size_t i = 1; i < length; ++i) {
    if ((static_cast<unsigned char>(text[pos + i]) & 0xC0) != 0x80) return 1;
  }
  return length;
}

// `text` broken at spaces into lines of at most `width` columns. A word
// wider than a line is split between characters (never inside one).
std::vector<std::string> Wrap(absl::string_view text, int width) {
  width = std::max(width, 1);
  std::vector<std::string> lines;
  std::string line;
  int line_width = 0;
  const auto flush = [&] {
    if (!line.empty()) lines.push_back(std::move(line));
    line.clear();
    line_width = 0;
  };
  for (absl::string_view word : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
    const int word_width = DisplayWidth(word);
    if (!line.empty() && line_width + 1 + word_width <= width) {
      absl::StrAppend(&line, " ", word);
      line_width += 1 + word_width;
      continue;
    }
    flush();
    size_t pos = 0;
    while (pos < word.size()) {
      const size_t length = CharLength(word, pos);
      const int char_width = DisplayWidth(word.substr(pos, length));
      if (!line.empty() && line_width + char_width > width) flush();
      line.append(word.data() + pos, length);
      line_width += char_width;
      pos += length;
    }
  }
  flush();
  if (lines.empty()) lines.emplace_back();
  return lines;
}

}  // namespace

std::string ShortId(const std::string& name, absl::string_view prefix) {
  return SanitizeText(WithoutPrefix(name, prefix));
}

std::string Spaces(int n) { return std::string(std::max(n, 0), ' '); }

std::string PadLeft(const std::string& text, int width) {
  return Spaces(width - DisplayWidth(text)) + text;
}

std::string PadRight(const std::string& text, int width) {
  return text + Spaces(width - DisplayWidth(text));
}

void StripTrailingSpaces(std::string* line) {
  while (!line->empty() && line->back() == ' ') line->pop_back();
}

void AppendWrapped(std::string* out, absl::string_view text,
                   absl::string_view first_prefix,
                   absl::string_view rest_prefix, int width) {
  const int available =
      std::max(width - DisplayWidth(first_prefix), kMinWrapWidth);
  const std::vector<std::string> lines = Wrap(text, available);
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string line =
        absl::StrCat(i == 0 ? first_prefix : rest_prefix, lines[i]);
    StripTrailingSpaces(&line);
    absl::StrAppend(out, line, "\n");
  }
}

void AppendIndented(std::string* out, absl::string_view rendered,
                    absl::string_view prefix) {
  for (absl::string_view line : absl::StrSplit(rendered, '\n')) {
    if (line.empty()) continue;
    absl::StrAppend(out, prefix, line, "\n");
  }
}

int WidestLine(absl::string_view text) {
  int widest = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    widest = std::max(widest, DisplayWidth(line));
  }
  return widest;
}

std::string Heading(absl::string_view display_name, absl::string_view details,
                    int width) {
  const std::string title = SanitizeText(display_name);
  std::string out;
  if (title.empty()) {
    AppendWrapped(&out, details, "", kIndent, width);
    return out;
  }
  const std::string one_line = absl::StrCat(title, " (", details, ")");
  if (DisplayWidth(one_line) <= width) return one_line + "\n";
  absl::StrAppend(&out, Truncate(title, width), "\n");
  AppendWrapped(&out, absl::StrCat("(", details, ")"), kIndent, kIndent, width);
  return out;
}

std::string TitleLine(absl::string_view lead, absl::string_view display_name,
                      absl::string_view id, int width) {
  const std::string title = SanitizeText(display_name);
  if (title.empty()) {
    std::string out;
    AppendWrapped(&out, id, lead, Spaces(DisplayWidth(lead)), width);
    return out;
  }
  const std::string suffix = absl::StrCat(" (", id, ")");
  const int room = width - DisplayWidth(lead) - DisplayWidth(suffix);
  if (DisplayWidth(title) <= room || room >= kMinTitleWidth) {
    return absl::StrCat(lead, Truncate(title, room), suffix, "\n");
  }
  const std::string indent = Spaces(DisplayWidth(lead));
  std::string out =
      absl::StrCat(lead, Truncate(title, width - DisplayWidth(lead)), "\n");
  AppendWrapped(&out, absl::StrCat("(", id, ")"), indent, indent, width);
  return out;
}

std::string KeyValueBlock(const Rows& rows, absl::string_view indent,
                          int width) {
  int key_width = 0;
  for (const auto& row : rows) {
    key_width = std::max(key_width, DisplayWidth(row.first) + 1);
  }
  const std::string hanging = Spaces(DisplayWidth(indent) + key_width + 1);
  std::string out;
  for (const auto& [key, value] : rows) {
    const std::string lead =
        absl::StrCat(indent, PadRight(absl::StrCat(key, ":"), key_width), " ");
    const std::string text = SanitizeText(value);
    AppendWrapped(&out, text.empty() ? "-" : text, lead, hanging, width);
  }
  return out;
}

}  // namespace busan::ctl::dashboard_table
