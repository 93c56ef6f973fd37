#include "metrics-service/domain/validation.h"

#include <algorithm>
#include <set>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/status/status_macros.h"
#include "common/validation/resource_checks.h"
#include "common/validation/validators.h"

namespace busan::metrics {
namespace {

using validation::CheckNonNegative;
using validation::CheckPartialDate;
using validation::CheckText;

absl::Status Invalid(absl::string_view field, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", problem));
}

// A list of short, unique, non-empty labels (categories, topics).
absl::Status CheckLabels(
    absl::string_view field,
    const google::protobuf::RepeatedPtrField<std::string>& labels,
    int max_count, size_t max_chars) {
  if (labels.size() > max_count) {
    return Invalid(field, absl::StrCat("at most ", max_count, " entries"));
  }
  std::set<absl::string_view> seen;
  for (int i = 0; i < labels.size(); ++i) {
    const std::string at = absl::StrCat(field, "[", i, "]");
    RETURN_IF_ERROR(CheckText(at, labels[i], max_chars, true));
    if (!seen.insert(labels[i]).second) {
      return Invalid(at, absl::StrCat("duplicate \"", labels[i], "\""));
    }
  }
  return absl::OkStatus();
}

// At most `max_count` entries of a repeated message field, each passed to
// `check` with its path ("fund.milestones[2]").
template <typename T, typename Check>
absl::Status CheckEach(absl::string_view field,
                       const google::protobuf::RepeatedPtrField<T>& items,
                       int max_count, Check check) {
  if (items.size() > max_count) {
    return Invalid(field, absl::StrCat("at most ", max_count, " entries"));
  }
  for (int i = 0; i < items.size(); ++i) {
    RETURN_IF_ERROR(check(items[i], absl::StrCat(field, "[", i, "]")));
  }
  return absl::OkStatus();
}

absl::Status CheckYear(absl::string_view field, int year) {
  if (year < 1900 || year > 2200) {
    return Invalid(field,
                   absl::StrCat("must be between 1900 and 2200, got ", year));
  }
  return absl::OkStatus();
}

// "{collection}/{id}" or empty.
absl::Status CheckReference(absl::string_view field, absl::string_view name,
                            absl::string_view collection) {
  if (name.empty()) return absl::OkStatus();
  absl::string_view id = name;
  if (!absl::ConsumePrefix(&id, absl::StrCat(collection, "/")) ||
      !validation::IsValidId(id)) {
    return Invalid(field, absl::StrCat("\"", name,
                                       "\" is not a resource name "
                                       "of the form ",
                                       collection, "/{id}"));
  }
  return absl::OkStatus();
}

absl::Status CheckPositive(absl::string_view field, int64_t value) {
  if (value < 1)
    return Invalid(field, absl::StrCat("must be at least 1, got ", value));
  return absl::OkStatus();
}

// At most 50 published statements, each quoted text with an optional
// non-negative amount, a partial date and sources.
absl::Status CheckStatements(
    absl::string_view field,
    const google::protobuf::RepeatedPtrField<v1::Statement>& statements) {
  return CheckEach(
      field, statements, 50,
      [](const v1::Statement& statement, const std::string& at) {
        RETURN_IF_ERROR(
            CheckText(absl::StrCat(at, ".text"), statement.text(), 2000, true));
        if (statement.has_amount_krw()) {
          RETURN_IF_ERROR(CheckNonNegative(absl::StrCat(at, ".amount_krw"),
                                           statement.amount_krw()));
        }
        RETURN_IF_ERROR(
            CheckPartialDate(absl::StrCat(at, ".date"), statement.date()));
        return validation::CheckSources(absl::StrCat(at, ".sources"),
                                        statement.sources());
      });
}

}  // namespace

absl::Status ValidateRankingIndex(const v1::RankingIndex& index) {
  RETURN_IF_ERROR(validation::CheckNamedResource("index", index));
  RETURN_IF_ERROR(CheckText("index.publisher", index.publisher(), 300, false));
  return CheckLabels("index.categories", index.categories(), 50, 200);
}

absl::Status ValidateMeetingSeries(const v1::MeetingSeries& series) {
  RETURN_IF_ERROR(validation::CheckNamedResource("series", series));
  RETURN_IF_ERROR(CheckPartialDate("series.started", series.started()));
  RETURN_IF_ERROR(CheckLabels("series.policy_categories",
                              series.policy_categories(), 50, 200));
  RETURN_IF_ERROR(
      CheckLabels("series.key_issues", series.key_issues(), 50, 200));
  RETURN_IF_ERROR(CheckStatements("series.statements", series.statements()));
  return CheckEach(
      "series.measures", series.measures(), 50,
      [&series](const v1::SeriesMeasure& measure, const std::string& at) {
        RETURN_IF_ERROR(CheckText(absl::StrCat(at, ".description"),
                                  measure.description(), 500, true));
        if (measure.has_amount_krw()) {
          RETURN_IF_ERROR(CheckNonNegative(absl::StrCat(at, ".amount_krw"),
                                           measure.amount_krw()));
        }
        const auto& categories = series.policy_categories();
        const std::string& category = measure.policy_category();
        if (!category.empty() && std::find(categories.begin(), categories.end(),
                                           category) == categories.end()) {
          return Invalid(absl::StrCat(at, ".policy_category"),
                         "must be one of the series' policy_categories");
        }
        return validation::CheckSources(absl::StrCat(at, ".sources"),
                                        measure.sources());
      });
}

absl::Status ValidateFund(const v1::Fund& fund) {
  RETURN_IF_ERROR(validation::CheckNamedResource("fund", fund));
  RETURN_IF_ERROR(CheckText("fund.manager", fund.manager(), 300, false));
  if (fund.has_target_krw()) {
    RETURN_IF_ERROR(CheckNonNegative("fund.target_krw", fund.target_krw()));
  }
  if (fund.has_start_year()) {
    RETURN_IF_ERROR(CheckYear("fund.start_year", fund.start_year()));
  }
  if (fund.has_end_year()) {
    RETURN_IF_ERROR(CheckYear("fund.end_year", fund.end_year()));
  }
  if (fund.has_start_year() && fund.has_end_year() &&
      fund.end_year() < fund.start_year()) {
    return Invalid("fund.end_year",
                   absl::StrCat(fund.end_year(), " is before start_year ",
                                fund.start_year()));
  }
  return CheckEach(
      "fund.milestones", fund.milestones(), 50,
      [](const v1::FundMilestone& milestone, const std::string& at) {
        RETURN_IF_ERROR(CheckText(absl::StrCat(at, ".description"),
                                  milestone.description(), 500, true));
        if (milestone.has_amount_krw()) {
          RETURN_IF_ERROR(CheckNonNegative(absl::StrCat(at, ".amount_krw"),
                                           milestone.amount_krw()));
        }
        RETURN_IF_ERROR(
            CheckPartialDate(absl::StrCat(at, ".date"), milestone.date()));
        return validation::CheckSources(absl::StrCat(at, ".sources"),
                                        milestone.sources());
      });
}

absl::Status ValidateRanking(const v1::Ranking& ranking) {
  if (ranking.index().empty()) return Invalid("ranking.index", "is required");
  RETURN_IF_ERROR(CheckReference("ranking.index", ranking.index(), "indices"));
  RETURN_IF_ERROR(CheckPositive("ranking.edition", ranking.edition()));
  RETURN_IF_ERROR(CheckPartialDate("ranking.published", ranking.published()));
  RETURN_IF_ERROR(validation::CheckId("ranking.city", ranking.city()));
  RETURN_IF_ERROR(CheckPositive("ranking.rank", ranking.rank()));
  if (ranking.has_total_ranked()) {
    RETURN_IF_ERROR(
        CheckPositive("ranking.total_ranked", ranking.total_ranked()));
    if (ranking.rank() > ranking.total_ranked()) {
      return Invalid("ranking.rank",
                     absl::StrCat(ranking.rank(), " is more than total_ranked ",
                                  ranking.total_ranked()));
    }
  }
  RETURN_IF_ERROR(CheckText("ranking.region", ranking.region(), 100, false));
  if (ranking.has_region_rank()) {
    RETURN_IF_ERROR(
        CheckPositive("ranking.region_rank", ranking.region_rank()));
    if (ranking.region().empty()) {
      return Invalid("ranking.region", "is required with region_rank");
    }
  }
  for (const auto& [category, rank] : ranking.category_ranks()) {
    const std::string at =
        absl::StrCat("ranking.category_ranks[\"", category, "\"]");
    RETURN_IF_ERROR(CheckText(at, category, 200, true));
    RETURN_IF_ERROR(CheckPositive(at, rank));
    if (ranking.has_total_ranked() && rank > ranking.total_ranked()) {
      return Invalid(at, absl::StrCat(rank, " is more than total_ranked ",
                                      ranking.total_ranked()));
    }
  }
  RETURN_IF_ERROR(CheckStatements("ranking.statements", ranking.statements()));
  return validation::CheckSources("ranking.sources", ranking.sources());
}

absl::Status ValidateMeeting(const v1::Meeting& meeting) {
  if (meeting.series().empty()) return Invalid("meeting.series", "is required");
  RETURN_IF_ERROR(
      CheckReference("meeting.series", meeting.series(), "meeting-series"));
  RETURN_IF_ERROR(
      CheckPositive("meeting.first_number", meeting.first_number()));
  if (meeting.last_number() < meeting.first_number()) {
    return Invalid(
        "meeting.last_number",
        absl::StrCat(meeting.last_number(), " is before first_number ",
                     meeting.first_number()));
  }
  RETURN_IF_ERROR(CheckPartialDate("meeting.date", meeting.date()));
  RETURN_IF_ERROR(
      CheckPartialDate("meeting.period_start", meeting.period_start()));
  RETURN_IF_ERROR(CheckPartialDate("meeting.period_end", meeting.period_end()));
  if (!meeting.period_start().empty() && !meeting.period_end().empty() &&
      validation::PartialDateSpan(meeting.period_end()).last <
          validation::PartialDateSpan(meeting.period_start()).first) {
    return Invalid("meeting.period_end", "is before period_start");
  }
  if (meeting.has_participants()) {
    RETURN_IF_ERROR(
        CheckNonNegative("meeting.participants", meeting.participants()));
  }
  if (meeting.has_policies_adopted()) {
    RETURN_IF_ERROR(CheckNonNegative("meeting.policies_adopted",
                                     meeting.policies_adopted()));
  }
  int64_t by_category = 0;
  for (const auto& [category, count] : meeting.policies_by_category()) {
    const std::string at =
        absl::StrCat("meeting.policies_by_category[\"", category, "\"]");
    RETURN_IF_ERROR(CheckText(at, category, 200, true));
    RETURN_IF_ERROR(CheckNonNegative(at, count));
    RETURN_IF_ERROR(
        validation::CheckedAdd(at, by_category, count, &by_category));
  }
  if (meeting.has_policies_adopted() &&
      by_category > meeting.policies_adopted()) {
    return Invalid("meeting.policies_by_category",
                   absl::StrCat("adds up to ", by_category,
                                ", more than policies_adopted ",
                                meeting.policies_adopted()));
  }
  if (meeting.has_budget_secured_krw()) {
    RETURN_IF_ERROR(CheckNonNegative("meeting.budget_secured_krw",
                                     meeting.budget_secured_krw()));
  }
  RETURN_IF_ERROR(CheckLabels("meeting.topics", meeting.topics(), 50, 500));
  RETURN_IF_ERROR(CheckText("meeting.description", meeting.description(),
                            validation::kMaxDescriptionChars, false,
                            validation::TextLines::kMultiple));
  return validation::CheckSources("meeting.sources", meeting.sources());
}

absl::Status ValidateFundFlow(const v1::FundFlow& flow) {
  if (flow.fund().empty()) return Invalid("flow.fund", "is required");
  RETURN_IF_ERROR(CheckReference("flow.fund", flow.fund(), "funds"));
  if (flow.type() == v1::FundFlow::TYPE_UNSPECIFIED ||
      !v1::FundFlow::Type_IsValid(flow.type())) {
    return Invalid("flow.type",
                   absl::StrCat("must be COMMITTED, RAISED, ALLOCATED or "
                                "EXECUTED, got ",
                                static_cast<int>(flow.type())));
  }
  if (flow.amount_krw() <= 0) {
    return Invalid("flow.amount_krw",
                   absl::StrCat("must be positive, got ", flow.amount_krw()));
  }
  RETURN_IF_ERROR(CheckPartialDate("flow.date", flow.date()));
  RETURN_IF_ERROR(
      CheckReference("flow.strategy", flow.strategy(), "strategies"));
  RETURN_IF_ERROR(CheckReference("flow.project", flow.project(), "projects"));
  RETURN_IF_ERROR(CheckText("flow.note", flow.note(), 1000, false,
                            validation::TextLines::kMultiple));
  return validation::CheckSources("flow.sources", flow.sources());
}

}  // namespace busan::metrics
