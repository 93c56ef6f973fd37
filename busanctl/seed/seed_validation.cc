// ValidateSeed (declared in seed.h): the checks a seed passes before
// anything is sent.
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "busanctl/seed/seed.h"
#include "busanctl/typed_client.h"
#include "client/input_fields.h"
#include "common/status/status_macros.h"
#include "common/validation/validators.h"

namespace busan::ctl {
namespace {

namespace catalog_v1 = ::busan::catalog::v1;
namespace metrics_v1 = ::busan::metrics::v1;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::google::protobuf::RepeatedPtrField;

// Where a record sits in the seed, e.g. "projects[3]".
std::string Where(absl::string_view field, int i) {
  return absl::StrCat(field, "[", i, "]");
}

// INVALID_ARGUMENT naming the first output-only field `record` sets.
absl::Status CheckNoOutputOnlyFields(const std::string& where,
                                     const Message& record) {
  std::vector<const FieldDescriptor*> set;
  record.GetReflection()->ListFields(record, &set);
  for (const FieldDescriptor* f : set) {
    if (resource::IsOutputOnly(*f)) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ".", f->name(), ": output only; seed data must not set it"));
    }
  }
  return absl::OkStatus();
}

// Validates the named records of one repeated field of the seed, adding
// their names to `seen` ("name" -> "projects[3]").
template <typename Api>
absl::Status ValidateNamed(
    absl::string_view field,
    const RepeatedPtrField<typename Api::Resource>& records,
    std::map<std::string, std::string>* seen) {
  for (int i = 0; i < records.size(); ++i) {
    const auto& record = records[i];
    const std::string where = Where(field, i);
    if (auto parts = SplitResourceName(record.name(), Api::kCollection,
                                       Api::kParentCollection);
        !parts.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ".", parts.status().message()));
    }
    RETURN_IF_ERROR(CheckNoOutputOnlyFields(where, record));
    auto [it, inserted] = seen->emplace(record.name(), where);
    if (!inserted) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ".name: \"", record.name(),
                       "\" is already used by ", it->second));
    }
  }
  return absl::OkStatus();
}

// Validates the events of one repeated field: no output-only field (an
// event's name is the server's), a parent name of the form
// PARENT_COLLECTION/ID in the field `parent_field`, and, when `key` is
// given, a natural key no other event of the field has.
template <typename E, typename KeyFn>
absl::Status ValidateEvents(absl::string_view field,
                            const RepeatedPtrField<E>& events,
                            absl::string_view parent_field, KeyFn key) {
  std::map<std::string, int> keys;
  for (int i = 0; i < events.size(); ++i) {
    const E& event = events[i];
    const std::string where = Where(field, i);
    RETURN_IF_ERROR(CheckNoOutputOnlyFields(where, event));
    const std::string& parent = MetricsEvent<E>::Parent(event);
    const absl::string_view collection = MetricsEvent<E>::kParentCollection;
    if (!SplitResourceName(parent, collection, "").ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ".", parent_field, ": \"", parent, "\" is not of the form ",
          collection, "/ID (ids match ", validation::kIdPattern, ")"));
    }
    const std::string k = key(event);
    if (k.empty()) continue;
    auto [it, inserted] = keys.emplace(k, i);
    if (!inserted) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": ", k, " is already given by ", Where(field, it->second)));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateCatalogHalf(const seed::v1::Seed& seed,
                                 std::map<std::string, std::string>* seen) {
  RETURN_IF_ERROR(ValidateNamed<CatalogResource<catalog_v1::Plan>>(
      "plans", seed.plans(), seen));
  RETURN_IF_ERROR(ValidateNamed<CatalogResource<catalog_v1::Strategy>>(
      "strategies", seed.strategies(), seen));
  RETURN_IF_ERROR(ValidateNamed<CatalogResource<catalog_v1::Initiative>>(
      "initiatives", seed.initiatives(), seen));
  RETURN_IF_ERROR(ValidateNamed<CatalogResource<catalog_v1::Project>>(
      "projects", seed.projects(), seen));
  // A repeated report would be recorded once and then always match: refused
  // so that the file says each report once.
  std::map<std::string, int> reports;
  for (int i = 0; i < seed.project_statuses_size(); ++i) {
    const seed::v1::ProjectStatus& report = seed.project_statuses(i);
    const std::string where = Where("project_statuses", i);
    if (auto parts = SplitResourceName(
            report.project(), CatalogResource<catalog_v1::Project>::kCollection,
            "");
        !parts.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ".project: \"", report.project(), "\" is not of the form ",
          "projects/ID (ids match ", validation::kIdPattern, ")"));
    }
    RETURN_IF_ERROR(CheckNoOutputOnlyFields(absl::StrCat(where, ".status"),
                                            report.status()));
    auto [it, inserted] = reports.emplace(
        absl::StrCat(report.project(), " ", report.status().ShortDebugString()),
        i);
    if (!inserted) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": the same report as ",
                       Where("project_statuses", it->second)));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateMetricsHalf(const seed::v1::Seed& seed,
                                 std::map<std::string, std::string>* seen) {
  RETURN_IF_ERROR(ValidateNamed<MetricsResource<metrics_v1::RankingIndex>>(
      "ranking_indices", seed.ranking_indices(), seen));
  RETURN_IF_ERROR(ValidateNamed<MetricsResource<metrics_v1::MeetingSeries>>(
      "meeting_series", seed.meeting_series(), seen));
  RETURN_IF_ERROR(ValidateNamed<MetricsResource<metrics_v1::Fund>>(
      "funds", seed.funds(), seen));

  // The city goes into a List filter and a ranking's key; it must be an id.
  for (int i = 0; i < seed.rankings_size(); ++i) {
    const std::string& city = seed.rankings(i).city();
    if (!validation::IsValidId(city)) {
      return absl::InvalidArgumentError(
          absl::StrCat(Where("rankings", i), ".city: \"", city,
                       "\" is not a city id (", validation::kIdPattern, ")"));
    }
  }
  RETURN_IF_ERROR(ValidateEvents(
      "rankings", seed.rankings(), "index", [](const metrics_v1::Ranking& r) {
        return absl::StrCat("edition ", r.edition(), " of ", r.index(),
                            " for city ", r.city());
      }));
  RETURN_IF_ERROR(ValidateEvents(
      "meetings", seed.meetings(), "series", [](const metrics_v1::Meeting& m) {
        return absl::StrCat("first_number ", m.first_number(), " of ",
                            m.series());
      }));
  // Flows have no key: identical flows are distinct records.
  return ValidateEvents(
      "fund_flows", seed.fund_flows(), "fund",
      [](const metrics_v1::FundFlow&) { return std::string(); });
}

}  // namespace

absl::Status ValidateSeed(const seed::v1::Seed& seed) {
  // Names are unique across both halves: they share one namespace of paths.
  std::map<std::string, std::string> seen;
  RETURN_IF_ERROR(ValidateCatalogHalf(seed, &seen));
  return ValidateMetricsHalf(seed, &seen);
}

}  // namespace busan::ctl
