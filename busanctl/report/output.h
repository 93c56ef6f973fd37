// Rendering of responses for people (aligned tables, key: value blocks) and
// for programs (proto3 JSON).
#ifndef BUSAN_BUSANCTL_REPORT_OUTPUT_H_
#define BUSAN_BUSANCTL_REPORT_OUTPUT_H_

#include <google/protobuf/message.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "busan/dashboard/v1/dashboard.pb.h"

namespace busan::ctl {

enum class OutputFormat { kTable, kJson };

// "1,234,567,000" for an exact won amount; "-" when the amount is absent
// (not published), which is not the same as 0.
std::string FormatKrw(std::optional<int64_t> amount_krw);

// `value` with thousands separators: 1234567 -> "1,234,567", -1000 ->
// "-1,000".
std::string GroupThousands(int64_t value);

// `value` with thousands separators when `has`, else "-": a figure that was
// not published, which is not the same as 0.
std::string NumberOrDash(bool has, int64_t value);

// "1 meeting", "1,160 meetings": `count` with thousands separators and the
// noun that agrees with it.
std::string Plural(int64_t count, absl::string_view one,
                   absl::string_view many);

// Basis points as a percent with two decimals: 2517 -> "25.17%", 12000 ->
// "120.00%".
std::string FormatBasisPoints(int64_t basis_points);

// A derived progress figure for people: "62.50% done, by budget" (or "by
// project count": the rule ProgressRollup documents). `rollup` is a
// catalog ProgressRollup.
std::string ProgressText(int64_t basis_points, bool by_budget);
template <typename Rollup>
std::string ProgressText(const Rollup& rollup) {
  return ProgressText(rollup.progress_basis_points(),
                      rollup.weighting() == Rollup::BUDGET);
}

// A proto3 `optional` field as a std::optional: `value` when `has`, else
// nullopt. For FormatKrw, FormatRank and the like.
template <typename T>
std::optional<T> Optional(bool has, T value) {
  return has ? std::optional<T>(value) : std::nullopt;
}

// "2025-2030", "2026" (same year), "2025-" / "-2030" (one end unknown) or
// "-" (neither published), for any record with optional start_year and
// end_year (a project, a fund, a dashboard timeline).
std::string FormatYears(std::optional<int32_t> start,
                        std::optional<int32_t> end);
template <typename Record>
std::string FormatYears(const Record& record) {
  return FormatYears(Optional(record.has_start_year(), record.start_year()),
                     Optional(record.has_end_year(), record.end_year()));
}

// What is published of a project's course, for a line beside its name:
// "years 2025-2039", "stage IN_PROGRESS", "progress 25.00%", each only when
// known, joined by `separator`; "no years or stage published" when none is.
std::string CourseText(const dashboard::v1::ProjectTimeline& project,
                       absl::string_view separator);

// "strategies/x" -> "x" (`name` unchanged when it does not start with
// `prefix`): where the kind of resource is clear from the column or section.
std::string WithoutPrefix(const std::string& name, absl::string_view prefix);

// `text` for one line of output: control characters (newlines, tabs, escape
// sequences, which could move the cursor or break the layout) become spaces
// and outer white space goes. Empty stays empty: the caller decides what a
// blank means.
std::string SanitizeText(absl::string_view text);

// Makes `text` safe for one table cell: SanitizeText, and "-" when the result
// would be empty.
std::string SanitizeCell(absl::string_view text);

// Proto3 JSON of `message` with the .proto field names (not lowerCamelCase)
// and without fields that hold their default value. `multiline` indents it
// for reading; otherwise it is a single line (for JSON-lines streams).
// Never fails for the generated catalog types; the StatusOr is for unknown
// Any payloads.
absl::StatusOr<std::string> ToJson(const google::protobuf::Message& message,
                                   bool multiline);

// A "key: value" block of every field of `message`, one per line, values
// aligned. Absent values show "-"; *_krw amounts get thousands separators;
// enums show their name ("-" for the zero value, which means unpublished);
// timestamps show RFC 3339; repeated messages show one element per line.
std::string RenderKeyValues(const google::protobuf::Message& message);

// A "key: value" block of `rows` in order: each key followed by ':', values
// starting in one column, one past the widest key measured in terminal
// columns (so Korean keys line up). Keys and values are sanitized like table
// cells ("-" when empty), except that leading spaces are kept: they indent
// sub-items in keys and right-align numbers in values.
std::string RenderKeyValueRows(
    const std::vector<std::pair<std::string, std::string>>& rows);

// An aligned text table whose widths count terminal columns (Korean text is
// two columns per syllable), so columns line up in a terminal.
class Table {
 public:
  enum class Align { kLeft, kRight };
  struct Column {
    std::string header;
    Align align = Align::kLeft;
    // Cells wider than this are truncated with "…"; the header is never
    // truncated by this limit.
    int max_width = 40;
    // Never truncate this column, whatever max_width and the fit width say:
    // for resource names, which users copy into the next command.
    bool keep_whole = false;
  };

  explicit Table(std::vector<Column> columns);

  // Appends a row. Cells are sanitized (SanitizeCell); missing trailing
  // cells render as "-" and surplus cells are dropped.
  void AddRow(std::vector<std::string> cells);

  size_t row_count() const { return rows_.size(); }

  // The header line and one line per row, columns separated by two spaces,
  // each line ending in '\n' and without trailing spaces. When `fit_width`
  // is positive, the widest columns are narrowed one column at a time until
  // a line fits in `fit_width` columns, but no column below its header's
  // width or 8 (whichever is wider; less only if its content is narrower)
  // and never a keep_whole column. A table that cannot fit stays at those
  // minimums.
  std::string Render(int fit_width = 0) const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

// The NAME column of every list table (never cut: names are what users copy
// into the next command) and its DISPLAY NAME column.
Table::Column NameColumn();
Table::Column DisplayNameColumn();

// What goes in the DISPLAY NAME column: the English name, else the Korean.
template <typename Resource>
std::string DisplayName(const Resource& resource) {
  return resource.display_name().empty() ? resource.display_name_ko()
                                         : resource.display_name();
}

}  // namespace busan::ctl

#endif  // BUSAN_BUSANCTL_REPORT_OUTPUT_H_
