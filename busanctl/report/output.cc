#include "busanctl/report/output.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "busanctl/report/text_width.h"

namespace busan::ctl {
namespace {

using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::google::protobuf::Reflection;

constexpr int kMinFitWidth = 8;

std::string MessageInline(const Message& message);

// One value of `field` (element `index` when repeated, else -1).
std::string FieldValueText(const Message& message, const FieldDescriptor* field,
                           int index) {
  const Reflection* r = message.GetReflection();
  const bool rep = field->is_repeated();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return absl::StrCat(rep ? r->GetRepeatedInt32(message, field, index)
                              : r->GetInt32(message, field));
    case FieldDescriptor::CPPTYPE_INT64: {
      const int64_t v = rep ? r->GetRepeatedInt64(message, field, index)
                            : r->GetInt64(message, field);
      return absl::EndsWith(field->name(), "_krw") ? GroupThousands(v)
                                                   : absl::StrCat(v);
    }
    case FieldDescriptor::CPPTYPE_UINT32:
      return absl::StrCat(rep ? r->GetRepeatedUInt32(message, field, index)
                              : r->GetUInt32(message, field));
    case FieldDescriptor::CPPTYPE_UINT64:
      return absl::StrCat(rep ? r->GetRepeatedUInt64(message, field, index)
                              : r->GetUInt64(message, field));
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return absl::StrCat(rep ? r->GetRepeatedDouble(message, field, index)
                              : r->GetDouble(message, field));
    case FieldDescriptor::CPPTYPE_FLOAT:
      return absl::StrCat(rep ? r->GetRepeatedFloat(message, field, index)
                              : r->GetFloat(message, field));
    case FieldDescriptor::CPPTYPE_BOOL:
      return (rep ? r->GetRepeatedBool(message, field, index)
                  : r->GetBool(message, field))
                 ? "true"
                 : "false";
    case FieldDescriptor::CPPTYPE_ENUM: {
      const int number = rep ? r->GetRepeatedEnumValue(message, field, index)
                             : r->GetEnumValue(message, field);
      if (number == 0) return "-";
      const auto* value = field->enum_type()->FindValueByNumber(number);
      return value != nullptr ? value->name() : absl::StrCat(number);
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string v = rep ? r->GetRepeatedString(message, field, index)
                          : r->GetString(message, field);
      if (field->type() == FieldDescriptor::TYPE_BYTES) {
        return absl::StrCat("<", v.size(), " bytes>");
      }
      return v.empty() ? "-" : v;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      const Message& sub = rep ? r->GetRepeatedMessage(message, field, index)
                               : r->GetMessage(message, field);
      if (field->message_type()->full_name() == "google.protobuf.Timestamp") {
        google::protobuf::Timestamp ts;
        ts.ParseFromString(sub.SerializeAsString());
        return google::protobuf::util::TimeUtil::ToString(ts);
      }
      return MessageInline(sub);
    }
  }
  return "?";
}

// "key=value, key=value" over the fields that are set.
std::string MessageInline(const Message& message) {
  std::vector<const FieldDescriptor*> fields;
  message.GetReflection()->ListFields(message, &fields);
  if (fields.empty()) return "{}";
  std::vector<std::string> parts;
  for (const FieldDescriptor* field : fields) {
    std::string value;
    if (field->is_repeated()) {
      const int n = message.GetReflection()->FieldSize(message, field);
      std::vector<std::string> items;
      for (int i = 0; i < n; ++i) {
        items.push_back(FieldValueText(message, field, i));
      }
      value = absl::StrCat("[", absl::StrJoin(items, "; "), "]");
    } else {
      value = FieldValueText(message, field, -1);
    }
    parts.push_back(absl::StrCat(field->name(), "=", value));
  }
  return absl::StrJoin(parts, ", ");
}

// The lines that show `field` in a key: value block (several for repeated
// messages).
std::vector<std::string> FieldLines(const Message& message,
                                    const FieldDescriptor* field) {
  const Reflection* r = message.GetReflection();
  if (field->is_repeated()) {
    const int n = r->FieldSize(message, field);
    if (n == 0) return {"-"};
    std::vector<std::string> items;
    for (int i = 0; i < n; ++i)
      items.push_back(FieldValueText(message, field, i));
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) return items;
    return {absl::StrJoin(items, ", ")};
  }
  if (field->has_presence() && !r->HasField(message, field)) return {"-"};
  return {FieldValueText(message, field, -1)};
}

}  // namespace

std::string FormatBasisPoints(int64_t basis_points) {
  const uint64_t magnitude = basis_points < 0
                                 ? 0 - static_cast<uint64_t>(basis_points)
                                 : static_cast<uint64_t>(basis_points);
  const uint64_t cents = magnitude % 100;
  return absl::StrCat(basis_points < 0 ? "-" : "", magnitude / 100, ".",
                      cents < 10 ? "0" : "", cents, "%");
}

std::string ProgressText(int64_t basis_points, bool by_budget) {
  return absl::StrCat(FormatBasisPoints(basis_points), " done, by ",
                      by_budget ? "budget" : "project count");
}

std::string GroupThousands(int64_t value) {
  // Work on the magnitude as unsigned so INT64_MIN has a representation.
  uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value)
                                 : static_cast<uint64_t>(value);
  std::string digits = absl::StrCat(magnitude);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
}

std::string FormatKrw(std::optional<int64_t> amount_krw) {
  return amount_krw.has_value() ? GroupThousands(*amount_krw) : "-";
}

std::string NumberOrDash(bool has, int64_t value) {
  return has ? GroupThousands(value) : "-";
}

std::string Plural(int64_t count, absl::string_view one,
                   absl::string_view many) {
  return absl::StrCat(GroupThousands(count), " ", count == 1 ? one : many);
}

Table::Column NameColumn() {
  return {"NAME", Table::Align::kLeft, 0, /*keep_whole=*/true};
}
Table::Column DisplayNameColumn() {
  return {"DISPLAY NAME", Table::Align::kLeft, 40};
}

std::string FormatYears(std::optional<int32_t> start,
                        std::optional<int32_t> end) {
  if (start && end && *start == *end) return absl::StrCat(*start);
  if (!start && !end) return "-";
  return absl::StrCat(start ? absl::StrCat(*start) : "", "-",
                      end ? absl::StrCat(*end) : "");
}

std::string CourseText(const dashboard::v1::ProjectTimeline& project,
                       absl::string_view separator) {
  std::vector<std::string> facts;
  if (project.has_start_year() || project.has_end_year()) {
    facts.push_back(absl::StrCat("years ", FormatYears(project)));
  }
  if (project.stage() != catalog::v1::Project::STAGE_UNSPECIFIED) {
    facts.push_back(absl::StrCat(
        "stage ", catalog::v1::Project::Stage_Name(project.stage())));
  }
  if (project.has_progress_basis_points()) {
    facts.push_back(absl::StrCat(
        "progress ", FormatBasisPoints(project.progress_basis_points())));
  }
  if (facts.empty()) return "no years or stage published";
  return absl::StrJoin(facts, separator);
}

std::string WithoutPrefix(const std::string& name, absl::string_view prefix) {
  return absl::StartsWith(name, prefix) ? name.substr(prefix.size()) : name;
}

std::string SanitizeText(absl::string_view text) {
  std::string out(text);
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) c = ' ';
  }
  absl::StripAsciiWhitespace(&out);
  return out;
}

std::string SanitizeCell(absl::string_view text) {
  std::string out = SanitizeText(text);
  return out.empty() ? "-" : out;
}

absl::StatusOr<std::string> ToJson(const google::protobuf::Message& message,
                                   bool multiline) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = false;
  options.add_whitespace = multiline;
  std::string json;
  const auto status =
      google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.code()),
                        std::string(status.message()));
  }
  while (!json.empty() && json.back() == '\n') json.pop_back();
  return json;
}

std::string RenderKeyValues(const google::protobuf::Message& message) {
  const auto* descriptor = message.GetDescriptor();
  size_t key_width = 0;
  for (int i = 0; i < descriptor->field_count(); ++i) {
    key_width = std::max(key_width, descriptor->field(i)->name().size() + 1);
  }
  std::string out;
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    const std::string key = field->name() + ":";
    const std::string pad(key_width - key.size() + 1, ' ');
    const std::string indent(key_width + 1, ' ');
    const std::vector<std::string> lines = FieldLines(message, field);
    for (size_t j = 0; j < lines.size(); ++j) {
      absl::StrAppend(&out, j == 0 ? key + pad : indent, SanitizeCell(lines[j]),
                      "\n");
    }
  }
  return out;
}

namespace {

// SanitizeCell without removing leading spaces, which right-align numbers.
std::string SanitizeKeepingIndent(absl::string_view text) {
  const size_t start = text.find_first_not_of(' ');
  if (start == absl::string_view::npos) return "-";
  return absl::StrCat(text.substr(0, start), SanitizeCell(text.substr(start)));
}

}  // namespace

std::string RenderKeyValueRows(
    const std::vector<std::pair<std::string, std::string>>& rows) {
  std::vector<std::string> keys;
  int key_width = 0;
  for (const auto& row : rows) {
    keys.push_back(SanitizeKeepingIndent(row.first));
    key_width = std::max(key_width, DisplayWidth(keys.back()) + 1);
  }
  std::string out;
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::string pad(key_width - DisplayWidth(keys[i]), ' ');
    absl::StrAppend(&out, keys[i], ":", pad,
                    SanitizeKeepingIndent(rows[i].second), "\n");
  }
  return out;
}

Table::Table(std::vector<Column> columns) : columns_(std::move(columns)) {}

void Table::AddRow(std::vector<std::string> cells) {
  cells.resize(columns_.size(), "-");
  for (std::string& cell : cells) cell = SanitizeCell(cell);
  rows_.push_back(std::move(cells));
}

std::string Table::Render(int fit_width) const {
  const size_t n = columns_.size();
  std::vector<int> width(n), floor(n);
  for (size_t c = 0; c < n; ++c) {
    const int header = DisplayWidth(columns_[c].header);
    int content = 0;
    for (const auto& row : rows_) {
      content = std::max(content, DisplayWidth(row[c]));
    }
    const Column& column = columns_[c];
    width[c] = column.keep_whole
                   ? std::max(header, content)
                   : std::max(header, std::min(content, column.max_width));
    floor[c] = column.keep_whole
                   ? width[c]
                   : std::max(header, std::min(width[c], kMinFitWidth));
  }
  if (fit_width > 0) {
    int total = 2 * (static_cast<int>(n) - 1);
    for (int w : width) total += w;
    while (total > fit_width) {
      size_t widest = n;
      for (size_t c = 0; c < n; ++c) {
        if (width[c] > floor[c] && (widest == n || width[c] > width[widest])) {
          widest = c;
        }
      }
      if (widest == n) break;
      --width[widest];
      --total;
    }
  }

  const auto render_line = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (size_t c = 0; c < n; ++c) {
      const std::string text = TruncateToWidth(cells[c], width[c]);
      const std::string pad(width[c] - DisplayWidth(text), ' ');
      if (c > 0) line += "  ";
      if (columns_[c].align == Align::kRight) {
        absl::StrAppend(&line, pad, text);
      } else {
        absl::StrAppend(&line, text, pad);
      }
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line + "\n";
  };

  std::vector<std::string> headers;
  for (const Column& column : columns_) headers.push_back(column.header);
  std::string out = render_line(headers);
  for (const auto& row : rows_) out += render_line(row);
  return out;
}

}  // namespace busan::ctl
