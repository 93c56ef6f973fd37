#include "absl/strings/string_view.h"
#include "catalog-service/store/catalog_schema.h"

namespace busan::catalog {

std::vector<store::ColumnFamilySpec> CatalogColumnFamilies() {
  // Order must match enum Family.
  return {{"default", nullptr},    {"plans", nullptr},
          {"strategies", nullptr}, {"initiatives", nullptr},
          {"projects", nullptr},   {"index", nullptr},
          {"requests", nullptr},   {"changes", nullptr}};
}

std::string SequenceKey(uint64_t sequence) {
  std::string key(8, '\0');
  for (int i = 7; i >= 0; --i) {
    key[i] = static_cast<char>(sequence & 0xff);
    sequence >>= 8;
  }
  return key;
}

uint64_t SequenceFromKey(absl::string_view key) {
  uint64_t sequence = 0;
  for (char c : key.substr(0, 8)) {
    sequence = (sequence << 8) | static_cast<unsigned char>(c);
  }
  return sequence;
}

}  // namespace busan::catalog
