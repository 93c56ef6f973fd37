#include "busanctl/history_command.h"

#include <algorithm>
#include <climits>
#include <iterator>
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "busanctl/report/output.h"
#include "busanctl/resource_commands.h"
#include "client/pages.h"
#include "client/revision_diff.h"
#include "common/status/grpc_status.h"
#include "common/status/status_macros.h"
#include "google/protobuf/util/time_util.h"

namespace busan::ctl {
namespace {

namespace v1 = ::busan::catalog::v1;
using google::protobuf::Message;

constexpr int kDefaultShown = 20;

const Message* ResourceOf(const v1::Revision& revision) {
  const google::protobuf::Reflection* reflection = revision.GetReflection();
  const google::protobuf::FieldDescriptor* field =
      reflection->GetOneofFieldDescriptor(
          revision, v1::Revision::descriptor()->FindOneofByName("resource"));
  return field == nullptr ? nullptr : &reflection->GetMessage(revision, field);
}

// "busan.catalog.v1.UpdateProjectRequest" -> "UpdateProject".
std::string MethodName(const std::string& full_name) {
  absl::string_view method = full_name;
  if (size_t dot = method.rfind('.'); dot != absl::string_view::npos) {
    method.remove_prefix(dot + 1);
  }
  return std::string(absl::StripSuffix(method, "Request"));
}

void PrintHeader(const v1::Revision& revision, std::ostream& out) {
  out << SanitizeText(revision.name()) << "  "
      << v1::Revision::Kind_Name(revision.kind()) << "  "
      << google::protobuf::util::TimeUtil::ToString(revision.create_time())
      << "  by " << SanitizeCell(revision.principal());
  if (!revision.method().empty()) {
    out << "  via " << SanitizeText(MethodName(revision.method()));
  }
  if (!revision.request_id().empty()) {
    out << "  request " << SanitizeText(revision.request_id());
  }
  out << "\n";
}

template <typename Api>
class HistoryCommand : public Command {
 public:
  static constexpr char kSynopsis[] =
      "NAME [--at=TIME] [--page_size=N] [--all]";

  absl::Status Parse(const Invocation& invocation) override {
    RETURN_IF_ERROR(ExpectArgs(invocation, 1, 1, kSynopsis));
    request_.set_name(ExpandName<Api>(invocation.args[0]));
    const CommandFlags& flags = invocation.flags;
    if (!flags.filter.empty() || !flags.order_by.empty() ||
        !flags.page_token.empty()) {
      return absl::InvalidArgumentError(
          "history takes no --filter, --order_by or --page_token");
    }
    if (flags.page_size < 0 || flags.page_size > INT_MAX - 1) {
      return absl::InvalidArgumentError(
          "--page_size: must be between 0 and 2147483646");
    }
    shown_ = flags.all
                 ? INT_MAX - 1
                 : (flags.page_size > 0 ? static_cast<int>(flags.page_size)
                                        : kDefaultShown);
    if (!flags.at.empty()) {
      absl::Time at;
      std::string error;
      if (!absl::ParseTime(absl::RFC3339_full, flags.at, &at, &error)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "--at: \"", flags.at, "\" is not an RFC 3339 time (", error, ")"));
      }
      *request_.mutable_read_time() =
          google::protobuf::util::TimeUtil::NanosecondsToTimestamp(
              absl::ToUnixNanos(at));
    }
    return absl::OkStatus();
  }

  absl::Status Execute(Context& context) override {
    // One more than shown: the base the oldest shown one is diffed against.
    std::vector<v1::Revision> revisions;
    const size_t wanted = static_cast<size_t>(shown_) + 1;
    v1::ListRevisionsRequest request = request_;
    RETURN_IF_ERROR(FromGrpcStatus(client::WalkPages<v1::ListRevisionsResponse>(
        request.page_token(),
        [&](const std::string& page_token, v1::ListRevisionsResponse* page) {
          request.set_page_token(page_token);
          request.set_page_size(static_cast<int32_t>(
              std::min<size_t>(1000, wanted - revisions.size())));
          return (context.catalog().*Api::kListRevisions)(
              NewUnaryContext(context.call()).get(), request, page);
        },
        [&](v1::ListRevisionsResponse& page) {
          std::move(page.mutable_revisions()->begin(),
                    page.mutable_revisions()->end(),
                    std::back_inserter(revisions));
          return revisions.size() < wanted;
        })));
    std::optional<v1::Revision> older;
    if (revisions.size() > static_cast<size_t>(shown_)) {
      older = std::move(revisions.back());
      revisions.pop_back();
    }
    if (context.format() == OutputFormat::kJson) {
      v1::ListRevisionsResponse shown;
      for (v1::Revision& revision : revisions) {
        *shown.add_revisions() = std::move(revision);
      }
      ASSIGN_OR_RETURN(std::string json, ToJson(shown, /*multiline=*/true));
      context.out() << json << "\n";
      return absl::OkStatus();
    }
    if (revisions.empty()) {
      context.out() << "no revisions of " << request_.name()
                    << (request_.has_read_time() ? " by that time" : "")
                    << "\n";
      return absl::OkStatus();
    }
    PrintHistory(revisions, older ? &*older : nullptr, context.out());
    if (older) {
      context.out() << "(" << revisions.size()
                    << " newest shown; more with --page_size=N or --all)\n";
    }
    return absl::OkStatus();
  }

 private:
  v1::ListRevisionsRequest request_;
  int shown_ = kDefaultShown;
};

template <typename Api>
void AddHistoryCommand(std::vector<CommandSpec>* table) {
  table->push_back(
      {std::string(Api::kCollection), "history", HistoryCommand<Api>::kSynopsis,
       absl::StrCat("show the revisions of ", IndefiniteArticle(Api::kSingular),
                    Api::kSingular, ": what changed in each, who and when"),
       kListFlags | kAtFlag, Make<HistoryCommand<Api>>()});
}

}  // namespace

void PrintHistory(const std::vector<v1::Revision>& revisions,
                  const v1::Revision* older, std::ostream& out) {
  for (size_t i = 0; i < revisions.size(); ++i) {
    const v1::Revision& revision = revisions[i];
    PrintHeader(revision, out);
    const Message* after = ResourceOf(revision);
    const v1::Revision* base =
        i + 1 < revisions.size() ? &revisions[i + 1] : older;
    const Message* before = base != nullptr ? ResourceOf(*base) : nullptr;
    if (after == nullptr) continue;
    if (revision.kind() == v1::Revision::DELETED) {
      out << "  (deleted)\n";
      continue;
    }
    if (before == nullptr && revision.kind() != v1::Revision::CREATED) {
      out << "  (no earlier revision kept: the fields as they stood)\n";
    }
    const std::vector<client::FieldChange> changes =
        client::DiffFields(before, *after);
    if (changes.empty()) out << "  (no field changed)\n";
    size_t width = 0;
    for (const client::FieldChange& change : changes) {
      width = std::max(width, change.field.size());
    }
    for (const client::FieldChange& change : changes) {
      out << "  " << change.field
          << std::string(width - change.field.size(), ' ') << "  ";
      if (before != nullptr) out << SanitizeText(change.before) << " -> ";
      out << SanitizeText(change.after) << "\n";
    }
  }
}

void AddHistoryCommands(std::vector<CommandSpec>* table) {
  AddHistoryCommand<CatalogResource<v1::Plan>>(table);
  AddHistoryCommand<CatalogResource<v1::Strategy>>(table);
  AddHistoryCommand<CatalogResource<v1::Initiative>>(table);
  AddHistoryCommand<CatalogResource<v1::Project>>(table);
}

}  // namespace busan::ctl
