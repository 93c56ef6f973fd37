// `busanctl seed [FILE...]`: loads seed files through the public APIs.
//
// With no FILE, loads data/catalog.txtpb then data/metrics.txtpb. The
// catalog half goes to --catalog and the metrics half to --metrics; a seed
// without a metrics half never contacts --metrics, and vice versa.
//
// A file that cannot be read, does not parse or holds an invalid record is a
// usage error (exit status 2) reported before anything is sent; a failed
// call is exit status 1. The changes made are printed one per line, then
// "seed: created N, updated M, unchanged K" (", kept J" with --create_only
// when J existing records differ from the file and were left as they are).
#include <google/protobuf/struct.pb.h>

#include <memory>
#include <string>
#include <vector>

#include "busanctl/command.h"
#include "busanctl/seed/seed.h"
#include "common/status/status_macros.h"

namespace busan::ctl {
namespace {

class SeedCommand : public Command {
 public:
  static constexpr char kSynopsis[] = "[FILE...] [--create_only]";

  absl::Status Parse(const Invocation& invocation) override {
    std::vector<std::string> files = invocation.args;
    if (files.empty()) {
      for (absl::string_view file : kDefaultSeedFiles) files.emplace_back(file);
    }
    ASSIGN_OR_RETURN(seed_, ReadSeedFiles(files));
    mode_ = invocation.flags.create_only ? SeedMode::kCreateOnly
                                         : SeedMode::kReconcile;
    return absl::OkStatus();
  }

  absl::Status Execute(Context& context) override {
    // One loader per service, in order; a service whose half of the seed
    // is empty is not called at all.
    std::vector<SeedLoader> loaders;
    if (HasCatalogRecords(seed_)) {
      loaders.push_back([&](const seed::v1::Seed& seed, SeedSummary* summary) {
        return LoadCatalogSeed(seed, context.catalog(), context.call(), summary,
                               mode_);
      });
    }
    if (HasMetricsRecords(seed_)) {
      loaders.push_back([&](const seed::v1::Seed& seed, SeedSummary* summary) {
        return LoadMetricsSeed(seed, context.metrics(), context.call(), summary,
                               mode_);
      });
    }
    SeedSummary summary;
    for (const SeedLoader& load : loaders) {
      const absl::Status status = load(seed_, &summary);
      if (!status.ok()) {
        if (context.format() == OutputFormat::kTable)
          PrintChanges(context, summary);
        return status;
      }
    }
    return PrintSummary(context, summary);
  }

 private:
  static void PrintChanges(Context& context, const SeedSummary& summary) {
    for (const std::string& change : summary.changes) {
      context.out() << change << "\n";
    }
  }

  static absl::Status PrintSummary(Context& context,
                                   const SeedSummary& summary) {
    if (context.format() == OutputFormat::kTable) {
      PrintChanges(context, summary);
      context.out() << summary.ToString() << "\n";
      return absl::OkStatus();
    }
    google::protobuf::Struct report;
    auto& fields = *report.mutable_fields();
    fields["created"].set_number_value(summary.created);
    fields["updated"].set_number_value(summary.updated);
    fields["unchanged"].set_number_value(summary.unchanged);
    fields["kept"].set_number_value(summary.kept);
    auto* changes = fields["changes"].mutable_list_value();
    for (const std::string& change : summary.changes) {
      changes->add_values()->set_string_value(change);
    }
    ASSIGN_OR_RETURN(std::string json, ToJson(report, /*multiline=*/true));
    context.out() << json << "\n";
    return absl::OkStatus();
  }

  seed::v1::Seed seed_;
  SeedMode mode_ = SeedMode::kReconcile;
};

}  // namespace

void AddSeedCommand(std::vector<CommandSpec>* table) {
  table->push_back({"seed", "", SeedCommand::kSynopsis,
                    "load seed files idempotently (default data/catalog.txtpb "
                    "data/metrics.txtpb)",
                    kCreateOnlyFlag,
                    [] { return std::make_unique<SeedCommand>(); }});
}

}  // namespace busan::ctl
