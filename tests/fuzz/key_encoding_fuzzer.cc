// Order-preserving key encodings (common/query/internal/key_encoding.h)
// fed pairs of values from the fuzzer. Invariants: memcmp order of two
// encodings is the order of the values, for int64, uint64, double (NaN
// last, -0 = 0) and strings; encodings are self-delimiting, so composite
// keys compare field by field; InvertFrom reverses the order.
#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <tuple>

#include "common/query/internal/key_encoding.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

namespace internal = busan::query::internal;

int Sign(int value) { return (value > 0) - (value < 0); }

template <typename T>
int Compare(const T& a, const T& b) {
  return (b < a) - (a < b);
}

int CompareDoubles(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) {
    return std::isnan(a) - std::isnan(b);  // NaN sorts after everything
  }
  return Compare(a, b);
}

int CompareKeys(const std::string& a, const std::string& b) {
  return Sign(a.compare(b));
}

template <typename T, typename Append>
std::string Key(T value, Append append) {
  std::string key;
  append(value, &key);
  return key;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider input(data, size);
  const int64_t i1 = input.ConsumeIntegral<int64_t>();
  const int64_t i2 = input.ConsumeIntegral<int64_t>();
  const uint64_t u1 = input.ConsumeIntegral<uint64_t>();
  const uint64_t u2 = input.ConsumeIntegral<uint64_t>();
  const double d1 = input.ConsumeFloatingPoint<double>();
  const double d2 =
      input.ConsumeBool() ? d1 : input.ConsumeFloatingPoint<double>();
  const std::string s1 = input.ConsumeRandomLengthString(64);
  const std::string s2 = input.ConsumeBool()
                             ? s1 + input.ConsumeRandomLengthString(4)
                             : input.ConsumeRandomLengthString(64);

  const std::string ki1 = Key(i1, internal::AppendOrderedInt64);
  const std::string ki2 = Key(i2, internal::AppendOrderedInt64);
  FUZZ_CHECK(CompareKeys(ki1, ki2) == Compare(i1, i2), "int64 %lld vs %lld",
             static_cast<long long>(i1), static_cast<long long>(i2));
  const std::string ku1 = Key(u1, internal::AppendOrderedUint64);
  const std::string ku2 = Key(u2, internal::AppendOrderedUint64);
  FUZZ_CHECK(CompareKeys(ku1, ku2) == Compare(u1, u2), "uint64 %llu vs %llu",
             static_cast<unsigned long long>(u1),
             static_cast<unsigned long long>(u2));
  const std::string kd1 = Key(d1, internal::AppendOrderedDouble);
  const std::string kd2 = Key(d2, internal::AppendOrderedDouble);
  FUZZ_CHECK(CompareKeys(kd1, kd2) == CompareDoubles(d1, d2),
             "double %.17g vs %.17g", d1, d2);
  const std::string ks1 =
      Key(std::string_view(s1), internal::AppendOrderedString);
  const std::string ks2 =
      Key(std::string_view(s2), internal::AppendOrderedString);
  FUZZ_CHECK(CompareKeys(ks1, ks2) == Compare(s1, s2),
             "strings of %zu and %zu bytes", s1.size(), s2.size());

  // Composite keys (string, int64) compare as tuples: no encoding is a
  // prefix of another.
  const int want = Compare(std::tie(s1, i1), std::tie(s2, i2));
  FUZZ_CHECK(CompareKeys(ks1 + ki1, ks2 + ki2) == want,
             "composite (string, int64) order");
  // A descending part reverses the order of what follows an equal prefix.
  std::string a = ku1;
  std::string b = ku1;
  const size_t from = a.size();
  internal::AppendOrderedString(s1, &a);
  internal::AppendOrderedString(s2, &b);
  internal::InvertFrom(from, &a);
  internal::InvertFrom(from, &b);
  FUZZ_CHECK(CompareKeys(a, b) == Compare(s2, s1), "inverted string order");
  return 0;
}
