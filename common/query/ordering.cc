#include "common/query/ordering.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/query/internal/key_encoding.h"
#include "common/query/internal/text.h"
#include "common/status/status_macros.h"

namespace busan::query {
namespace {

using ::google::protobuf::Descriptor;
using ::google::protobuf::FieldDescriptor;
using internal::ErrorAt;
using internal::FieldPath;
using internal::Quote;

constexpr std::string_view kContext = "order_by";

// A white-space separated word of the text and its 1-based position.
struct Word {
  std::string_view text;
  int position;
};

// Splits text[begin, end) into words.
std::vector<Word> SplitWords(std::string_view text, size_t begin, size_t end) {
  std::vector<Word> words;
  size_t i = begin;
  while (i < end) {
    if (absl::ascii_isspace(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    const size_t start = i;
    while (i < end &&
           !absl::ascii_isspace(static_cast<unsigned char>(text[i]))) {
      ++i;
    }
    words.push_back(
        {text.substr(start, i - start), static_cast<int>(start) + 1});
  }
  return words;
}

absl::Status CheckSortable(const FieldPath& path, int position) {
  const FieldDescriptor* leaf = path.leaf();
  std::string_view problem;
  if (leaf->is_map()) {
    problem = "is a map";
  } else if (leaf->is_repeated()) {
    problem = "is repeated";
  } else if (leaf->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
             !internal::IsTimestamp(leaf->message_type())) {
    problem = "is a message (sort on one of its fields instead)";
  } else {
    return absl::OkStatus();
  }
  return ErrorAt(
      kContext, position,
      absl::StrCat("field ", Quote(path.ToString()), " ",
                   internal::AsAbsl(problem), " and cannot be sorted on"));
}

// Parses one comma-separated item, text[begin, end), and appends it.
absl::Status ParseItem(std::string_view text, size_t begin, size_t end,
                       const Descriptor* descriptor,
                       std::vector<std::pair<FieldPath, bool>>* fields) {
  const std::vector<Word> words = SplitWords(text, begin, end);
  if (words.empty()) {
    return ErrorAt(kContext, static_cast<int>(end) + 1, "expected a field");
  }
  ASSIGN_OR_RETURN(FieldPath path,
                   internal::ResolveFieldPath(words[0].text, descriptor,
                                              kContext, words[0].position));
  RETURN_IF_ERROR(CheckSortable(path, words[0].position));
  const std::string name = path.ToString();
  for (const auto& [earlier, descending] : *fields) {
    if (earlier.ToString() == name) {
      return ErrorAt(kContext, words[0].position,
                     absl::StrCat("field ", Quote(name), " is listed twice"));
    }
  }
  bool descending = false;
  if (words.size() >= 2) {
    if (absl::EqualsIgnoreCase(internal::AsAbsl(words[1].text), "desc")) {
      descending = true;
    } else if (!absl::EqualsIgnoreCase(internal::AsAbsl(words[1].text),
                                       "asc")) {
      return ErrorAt(kContext, words[1].position,
                     absl::StrCat("direction ", Quote(words[1].text),
                                  " is neither asc nor desc"));
    }
  }
  if (words.size() >= 3) {
    return ErrorAt(
        kContext, words[2].position,
        absl::StrCat("expected \",\" before ", Quote(words[2].text)));
  }
  fields->emplace_back(std::move(path), descending);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Ordering> Ordering::Parse(std::string_view text,
                                         const Descriptor* descriptor) {
  const FieldDescriptor* name_field =
      descriptor == nullptr ? nullptr : descriptor->FindFieldByName("name");
  if (name_field == nullptr || name_field->is_repeated() ||
      name_field->cpp_type() != FieldDescriptor::CPPTYPE_STRING) {
    return absl::InternalError(
        "order_by: the message type has no string field \"name\" to break "
        "ties");
  }
  if (text.size() > kMaxBytes) {
    return absl::InvalidArgumentError(absl::StrCat("order_by: ", text.size(),
                                                   " bytes is longer than the "
                                                   "limit of ",
                                                   kMaxBytes, " bytes"));
  }
  std::vector<std::pair<FieldPath, bool>> parsed;
  if (!internal::IsBlank(text)) {
    size_t begin = 0;
    while (true) {
      const size_t comma = text.find(',', begin);
      const size_t end = comma == std::string_view::npos ? text.size() : comma;
      RETURN_IF_ERROR(ParseItem(text, begin, end, descriptor, &parsed));
      if (comma == std::string_view::npos) break;
      begin = comma + 1;
    }
  }
  std::vector<SortField> fields;
  bool has_name = false;
  for (auto& [path, descending] : parsed) {
    has_name =
        has_name || (path.fields.size() == 1 && path.leaf() == name_field);
    fields.push_back({std::move(path), descending});
  }
  if (!has_name) fields.push_back({FieldPath{{name_field}}, false});
  return Ordering(std::move(fields));
}

std::string Ordering::SortKey(const google::protobuf::Message& message) const {
  std::string key;
  for (const SortField& field : fields_) {
    const size_t start = key.size();
    internal::AppendFieldKey(message, field.path, &key);
    if (field.descending) internal::InvertFrom(start, &key);
  }
  return key;
}

std::string Ordering::Canonical() const {
  std::string text;
  for (const SortField& field : fields_) {
    if (!text.empty()) text.push_back(',');
    absl::StrAppend(&text, field.path.ToString(),
                    field.descending ? " desc" : "");
  }
  return text;
}

bool Ordering::IsByNameOnly() const {
  return fields_.size() == 1 && fields_[0].path.fields.size() == 1 &&
         fields_[0].path.leaf()->name() == "name" && !fields_[0].descending;
}

}  // namespace busan::query
