// Rankings: one city's result per edition of an index, upserted; trends are
// read from the city's key range, which is in edition order.
#include "absl/strings/str_cat.h"
#include "common/resource/resource_fields.h"
#include "common/status/status_macros.h"
#include "common/validation/validators.h"
#include "metrics-service/domain/metrics.h"
#include "metrics-service/domain/validation.h"

namespace busan::metrics {
namespace {

// A filter that pins the city reads only that city's editions.
std::optional<std::string> CityRange(const query::Filter& filter) {
  std::optional<std::string> city = filter.RequiredEquality("city");
  if (!city || !validation::IsValidId(*city)) return std::nullopt;
  return RankingsOfCityInIndex(*city);
}

}  // namespace

void Metrics::RecordRanking(v1::Ranking ranking, WriteCall<v1::Ranking> call) {
  if (absl::Status valid = ValidateRanking(ranking); !valid.ok()) {
    return call.Finish(std::move(valid));
  }
  resource::ClearOutputOnlyFields(&ranking);
  store_->Submit<v1::Ranking>(
      std::move(call),
      [this, ranking = std::move(ranking)](
          MetricsTxn& txn, v1::Ranking* out) mutable -> absl::Status {
        std::string index_id;
        ASSIGN_OR_RETURN(const v1::RankingIndex* index,
                         LoadParent<v1::RankingIndex>(
                             txn, "ranking.index", ranking.index(), &index_id));
        if (index->categories_size() > 0) {
          for (const auto& [category, rank] : ranking.category_ranks()) {
            if (std::find(index->categories().begin(),
                          index->categories().end(),
                          category) == index->categories().end()) {
              return absl::InvalidArgumentError(
                  absl::StrCat("ranking.category_ranks: \"", category,
                               "\" is not a category of ", ranking.index()));
            }
          }
        }
        ranking.set_name(absl::StrCat(ranking.index(), "/editions/",
                                      ranking.edition(), "/cities/",
                                      ranking.city()));
        ASSIGN_OR_RETURN(RecordRef ref, RecordRefOf(ranking.name()));
        // An upsert: a city's result for an edition may be corrected.
        ASSIGN_OR_RETURN(bool exists, txn.Exists(ref));
        *out = *txn.Put(
            ref, std::move(ranking),
            exists ? store::Change::kUpdated : store::Change::kCreated);
        return absl::OkStatus();
      });
}

absl::Status Metrics::ListRankings(const ListQuery& query,
                                   v1::ListRankingsResponse* response) const {
  return ListEvents<v1::RankingIndex>(query, response,
                                      response->mutable_rankings(), &CityRange);
}

absl::Status Metrics::GetRankingTrend(absl::string_view index,
                                      absl::string_view city,
                                      v1::RankingTrend* trend) const {
  ASSIGN_OR_RETURN(std::string index_id,
                   ParseParentName(KindOf<v1::RankingIndex>(), "index", index));
  RETURN_IF_ERROR(validation::CheckId("city", city));
  v1::RankingIndex stored_index;
  RETURN_IF_ERROR(Read(index, &stored_index));
  trend->set_index(std::string(index));
  trend->set_city(std::string(city));

  v1::Ranking ranking;
  RETURN_IF_ERROR(store_->ScanRankingsOfCity(index_id, city, &ranking, [&] {
    v1::RankingTrend::Point* point = trend->add_points();
    point->set_edition(ranking.edition());
    point->set_published(ranking.published());
    point->set_rank(ranking.rank());
    if (ranking.has_total_ranked()) {
      point->set_total_ranked(ranking.total_ranked());
    }
    if (ranking.has_region_rank())
      point->set_region_rank(ranking.region_rank());
    const int n = trend->points_size();
    if (n > 1) point->set_change(trend->points(n - 2).rank() - ranking.rank());
    if (!trend->has_best_rank() || ranking.rank() < trend->best_rank()) {
      trend->set_best_rank(ranking.rank());
      trend->set_best_edition(ranking.edition());
    }
    return true;
  }));
  if (trend->points_size() > 0) {
    trend->set_change_first_to_latest(
        trend->points(0).rank() -
        trend->points(trend->points_size() - 1).rank());
  }
  return absl::OkStatus();
}

}  // namespace busan::metrics
