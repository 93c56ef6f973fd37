// Filter and order_by text from the fuzzer, compiled for Project (the
// richest resource: optional, enum, repeated, message and Timestamp fields).
// Invariants: only INVALID_ARGUMENT, with the field's prefix, ever comes
// back; a compiled filter evaluates without crashing; what
// RequiredEquality/SoleEquality promise holds on sample projects; an
// order_by's canonical form parses to itself and sort keys are unique.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/match.h"
#include "busan/catalog/v1/catalog.pb.h"
#include "common/query/filter.h"
#include "common/query/ordering.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using busan::catalog::v1::Project;

std::vector<Project> Samples() {
  std::vector<Project> samples(4);
  samples[0].set_name("projects/a");
  samples[0].set_display_name("Port");
  samples[0].set_strategy("strategies/s");
  samples[0].set_budget_krw(5);
  samples[0].add_tags("port");
  samples[1].set_name("projects/b");
  samples[1].set_strategy("strategies/t");
  samples[1].set_origin(Project::NEW);
  samples[1].mutable_create_time()->set_seconds(1700000000);
  samples[2].set_name("projects/c");
  samples[2].set_strategy("strategies/s");
  samples[2].set_initiative("strategies/s/initiatives/i");
  samples[2].set_budget_krw(-1);
  samples[2].set_start_year(2025);
  samples[3].set_name("projects/d");
  return samples;
}

// Checks the promise of RequiredEquality / SoleEquality on `path`.
void CheckEqualities(const busan::query::Filter& filter,
                     const std::vector<Project>& samples) {
  for (const char* path : {"strategy", "initiative", "display_name"}) {
    const auto* field = Project::descriptor()->FindFieldByName(path);
    const auto required = filter.RequiredEquality(path);
    const auto sole = filter.SoleEquality(path);
    if (sole.has_value()) {
      FUZZ_CHECK(required.has_value() && *required == *sole,
                 "SoleEquality without the same RequiredEquality on %s", path);
    }
    for (const Project& project : samples) {
      const std::string value =
          project.GetReflection()->GetString(project, field);
      const bool matches = filter.Matches(project);
      if (required.has_value() && matches) {
        FUZZ_CHECK(
            value == *required, "%s matches but %s is \"%s\", not \"%s\"",
            project.name().c_str(), path, value.c_str(), required->c_str());
      }
      if (sole.has_value()) {
        FUZZ_CHECK(matches == (value == *sole),
                   "SoleEquality(%s) = \"%s\" but %s %s", path, sole->c_str(),
                   project.name().c_str(), matches ? "matches" : "does not");
      }
    }
  }
}

void FuzzFilter(std::string_view text, const std::vector<Project>& samples) {
  auto filter = busan::query::Filter::Compile(text, Project::descriptor());
  if (!filter.ok()) {
    FUZZ_CHECK(filter.status().code() == absl::StatusCode::kInvalidArgument &&
                   absl::StartsWith(filter.status().message(), "filter: "),
               "unexpected error %s", filter.status().ToString().c_str());
    return;
  }
  CheckEqualities(*filter, samples);
}

void FuzzOrdering(std::string_view text, const std::vector<Project>& samples) {
  auto ordering = busan::query::Ordering::Parse(text, Project::descriptor());
  if (!ordering.ok()) {
    FUZZ_CHECK(ordering.status().code() == absl::StatusCode::kInvalidArgument &&
                   absl::StartsWith(ordering.status().message(), "order_by: "),
               "unexpected error %s", ordering.status().ToString().c_str());
    return;
  }
  const std::string canonical = ordering->Canonical();
  auto again = busan::query::Ordering::Parse(canonical, Project::descriptor());
  FUZZ_CHECK(again.ok() && again->Canonical() == canonical,
             "canonical form \"%s\" does not parse to itself",
             canonical.c_str());
  for (size_t i = 0; i < samples.size(); ++i) {
    for (size_t j = i + 1; j < samples.size(); ++j) {
      FUZZ_CHECK(ordering->SortKey(samples[i]) != ordering->SortKey(samples[j]),
                 "equal sort keys for %s and %s under \"%s\"",
                 samples[i].name().c_str(), samples[j].name().c_str(),
                 canonical.c_str());
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<Project>* samples =
      new std::vector<Project>(Samples());
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  FuzzFilter(text, *samples);
  FuzzOrdering(text, *samples);
  return 0;
}
