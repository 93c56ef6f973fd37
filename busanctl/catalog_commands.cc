// plans, strategies, initiatives and projects: the standard methods of each
// catalog resource as commands, written once over CatalogResource<R>.
#include <memory>
#include <set>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "busanctl/catalog_resources.h"
#include "busanctl/catalog_tables.h"
#include "busanctl/command.h"
#include "busanctl/json_input.h"
#include "busanctl/request_id.h"
#include "common/status/grpc_status.h"
#include "common/status/status_macros.h"

namespace busan::ctl {
namespace {

namespace v1 = ::busan::catalog::v1;

template <typename R>
using Api = CatalogResource<R>;

template <typename R>
constexpr bool kNested = !Api<R>::kParentCollection.empty();

// Lets users type "marine-port" for "projects/marine-port". Names of nested
// resources (initiatives) must be given in full.
template <typename R>
std::string ExpandName(const std::string& arg) {
  if (kNested<R> || arg.find('/') != std::string::npos) return arg;
  return absl::StrCat(Api<R>::kCollection, "/", arg);
}

// "s" -> "strategies/s" for an initiative's parent.
std::string ExpandParent(const std::string& arg) {
  if (arg.find('/') != std::string::npos) return arg;
  return absl::StrCat("strategies/", arg);
}

// The text of a required --json flag.
absl::StatusOr<std::string> RequiredJson(const Invocation& invocation) {
  if (invocation.flags.json.empty()) {
    return absl::InvalidArgumentError(
        "--json is required (the resource as JSON, or @FILE)");
  }
  return ReadJsonArgument(invocation.flags.json);
}

template <typename R>
class GetCommand : public Command {
 public:
  static constexpr char kSynopsis[] = "NAME";

  absl::Status Parse(const Invocation& invocation) override {
    RETURN_IF_ERROR(ExpectArgs(invocation, 1, 1, kSynopsis));
    name_ = ExpandName<R>(invocation.args[0]);
    return absl::OkStatus();
  }

  absl::Status Execute(Context& context) override {
    R resource;
    RETURN_IF_ERROR(FromGrpcStatus(
        Api<R>::Get(context.catalog(), NewUnaryContext(context.call()).get(),
                    name_, &resource)));
    return PrintMessage(context, resource);
  }

 private:
  std::string name_;
};

template <typename R>
class ListCommand : public Command {
 public:
  static std::string Synopsis() {
    return absl::StrCat(kNested<R> ? "[--parent=strategies/S] " : "",
                        "[--filter=F] [--order_by=O] [--page_size=N] "
                        "[--page_token=T] [--all]");
  }

  absl::Status Parse(const Invocation& invocation) override {
    RETURN_IF_ERROR(ExpectArgs(invocation, 0, 0, Synopsis()));
    const CommandFlags& flags = invocation.flags;
    if (flags.page_size < 0 || flags.page_size > INT32_MAX) {
      return absl::InvalidArgumentError(
          "--page_size: must be 0 (server default) or positive");
    }
    if (kNested<R>) params_.parent = ExpandParent(flags.parent);
    params_.page_size = static_cast<int32_t>(flags.page_size);
    params_.page_token = flags.page_token;
    params_.filter = flags.filter;
    params_.order_by = flags.order_by;
    all_ = flags.all;
    return absl::OkStatus();
  }

  absl::Status Execute(Context& context) override {
    using Response = typename Api<R>::ListResponse;
    Response result;
    ListParams params = params_;
    std::set<std::string> tokens_seen;
    for (bool first = true;; first = false) {
      Response page;
      RETURN_IF_ERROR(FromGrpcStatus(
          Api<R>::List(context.catalog(), NewUnaryContext(context.call()).get(),
                       params, &page)));
      if (!all_) {
        result = std::move(page);
        break;
      }
      if (first) result.set_total_size(page.total_size());
      Api<R>::Items(&result)->MergeFrom(*Api<R>::Items(&page));
      if (page.next_page_token().empty()) break;
      if (!tokens_seen.insert(page.next_page_token()).second) {
        return absl::InternalError(
            "the server returned the same next_page_token twice");
      }
      params.page_token = page.next_page_token();
    }
    return Print(context, &result);
  }

 private:
  template <typename Response>
  absl::Status Print(Context& context, Response* response) {
    if (context.format() == OutputFormat::kJson) {
      ASSIGN_OR_RETURN(std::string json, ToJson(*response, true));
      context.out() << json << "\n";
      return absl::OkStatus();
    }
    const auto& items = *Api<R>::Items(response);
    context.out() << ItemsTable(items).Render(context.width());
    if (!response->next_page_token().empty()) {
      context.out() << "(" << items.size() << " of " << response->total_size()
                    << "; next page: --page_token="
                    << response->next_page_token() << ", or use --all)\n";
    }
    return absl::OkStatus();
  }

  ListParams params_;
  bool all_ = false;
};

template <typename R>
class CreateCommand : public Command {
 public:
  static constexpr const char* kSynopsis =
      kNested<R> ? "PARENT ID --json=JSON" : "ID --json=JSON";

  absl::Status Parse(const Invocation& invocation) override {
    const int n = kNested<R> ? 2 : 1;
    RETURN_IF_ERROR(ExpectArgs(invocation, n, n, kSynopsis));
    if (kNested<R>) where_.parent = ExpandParent(invocation.args[0]);
    where_.id = invocation.args[n - 1];
    ASSIGN_OR_RETURN(const std::string json, RequiredJson(invocation));
    RETURN_IF_ERROR(ParseJsonMessage(json, &resource_));
    request_id_ = NewRandomRequestId();
    return absl::OkStatus();
  }

  absl::Status Execute(Context& context) override {
    R created;
    RETURN_IF_ERROR(FromGrpcStatus(
        Api<R>::Create(context.catalog(), NewUnaryContext(context.call()).get(),
                       where_, resource_, request_id_, &created)));
    return PrintMessage(context, created);
  }

 private:
  NameParts where_;
  R resource_;
  std::string request_id_;
};

template <typename R>
class UpdateCommand : public Command {
 public:
  static constexpr char kSynopsis[] =
      "NAME --json=JSON [--update_mask=FIELDS] [--etag=ETAG]";

  absl::Status Parse(const Invocation& invocation) override {
    RETURN_IF_ERROR(ExpectArgs(invocation, 1, 1, kSynopsis));
    const std::string name = ExpandName<R>(invocation.args[0]);
    ASSIGN_OR_RETURN(const std::string json, RequiredJson(invocation));
    RETURN_IF_ERROR(ParseJsonMessage(json, &resource_));
    if (!resource_.name().empty() && resource_.name() != name) {
      return absl::InvalidArgumentError(
          absl::StrCat("--json: name \"", resource_.name(),
                       "\" does not match NAME \"", name, "\""));
    }
    resource_.set_name(name);
    if (!invocation.flags.update_mask.empty()) {
      mask_ = ParseMaskFlag(invocation.flags.update_mask);
    } else {
      ASSIGN_OR_RETURN(mask_, MaskFromJsonKeys(json, *R::descriptor()));
    }
    if (mask_.paths().empty()) {
      return absl::InvalidArgumentError(
          "nothing to update: --json sets no input field and --update_mask "
          "is empty");
    }
    if (!invocation.flags.etag.empty())
      resource_.set_etag(invocation.flags.etag);
    request_id_ = NewRandomRequestId();
    return absl::OkStatus();
  }

  absl::Status Execute(Context& context) override {
    R updated;
    RETURN_IF_ERROR(FromGrpcStatus(
        Api<R>::Update(context.catalog(), NewUnaryContext(context.call()).get(),
                       resource_, mask_, request_id_, &updated)));
    return PrintMessage(context, updated);
  }

 private:
  R resource_;
  google::protobuf::FieldMask mask_;
  std::string request_id_;
};

template <typename R>
class DeleteCommand : public Command {
 public:
  static constexpr const char* kSynopsis =
      Api<R>::kHasForce ? "NAME [--etag=ETAG] [--force]" : "NAME [--etag=ETAG]";

  absl::Status Parse(const Invocation& invocation) override {
    RETURN_IF_ERROR(ExpectArgs(invocation, 1, 1, kSynopsis));
    name_ = ExpandName<R>(invocation.args[0]);
    etag_ = invocation.flags.etag;
    force_ = invocation.flags.force;
    request_id_ = NewRandomRequestId();
    return absl::OkStatus();
  }

  absl::Status Execute(Context& context) override {
    RETURN_IF_ERROR(FromGrpcStatus(
        Api<R>::Delete(context.catalog(), NewUnaryContext(context.call()).get(),
                       name_, etag_, force_, request_id_)));
    context.out() << (context.format() == OutputFormat::kJson
                          ? "{}"
                          : absl::StrCat("deleted ", name_))
                  << "\n";
    return absl::OkStatus();
  }

 private:
  std::string name_;
  std::string etag_;
  bool force_ = false;
  std::string request_id_;
};

class BatchGetProjectsCommand : public Command {
 public:
  static constexpr char kSynopsis[] = "NAME...";

  absl::Status Parse(const Invocation& invocation) override {
    RETURN_IF_ERROR(ExpectArgs(invocation, 1, -1, kSynopsis));
    for (const std::string& arg : invocation.args) {
      request_.add_names(ExpandName<v1::Project>(arg));
    }
    return absl::OkStatus();
  }

  absl::Status Execute(Context& context) override {
    v1::BatchGetProjectsResponse response;
    RETURN_IF_ERROR(FromGrpcStatus(context.catalog().BatchGetProjects(
        NewUnaryContext(context.call()).get(), request_, &response)));
    if (context.format() == OutputFormat::kJson) {
      ASSIGN_OR_RETURN(std::string json, ToJson(response, true));
      context.out() << json << "\n";
    } else {
      context.out() << ItemsTable(response.projects()).Render(context.width());
    }
    return absl::OkStatus();
  }

 private:
  v1::BatchGetProjectsRequest request_;
};

template <typename C>
std::function<std::unique_ptr<Command>()> Make() {
  return [] { return std::make_unique<C>(); };
}

template <typename R>
void AddResourceCommands(std::vector<CommandSpec>* table) {
  const std::string group(Api<R>::kCollection);
  const absl::string_view one = Api<R>::kSingular;
  const absl::string_view a = one[0] == 'i' ? "an " : "a ";
  const uint32_t list_flags =
      kListFlags | (kNested<R> ? uint32_t{kParentFlag} : uint32_t{0});
  const uint32_t delete_flags =
      kEtagFlag | (Api<R>::kHasForce ? uint32_t{kForceFlag} : uint32_t{0});
  table->push_back({group, "list", ListCommand<R>::Synopsis(),
                    absl::StrCat("list ", group), list_flags,
                    Make<ListCommand<R>>()});
  table->push_back({group, "get", GetCommand<R>::kSynopsis,
                    absl::StrCat("show one ", one), 0, Make<GetCommand<R>>()});
  table->push_back({group, "create", CreateCommand<R>::kSynopsis,
                    absl::StrCat("create ", a, one, " from JSON"), kJsonFlag,
                    Make<CreateCommand<R>>()});
  table->push_back({group, "update", UpdateCommand<R>::kSynopsis,
                    absl::StrCat("change fields of ", a, one),
                    kJsonFlag | kUpdateMaskFlag | kEtagFlag,
                    Make<UpdateCommand<R>>()});
  table->push_back({group, "delete", DeleteCommand<R>::kSynopsis,
                    absl::StrCat("delete ", a, one), delete_flags,
                    Make<DeleteCommand<R>>()});
}

}  // namespace

void AddCatalogCommands(std::vector<CommandSpec>* table) {
  AddResourceCommands<v1::Plan>(table);
  AddResourceCommands<v1::Strategy>(table);
  AddResourceCommands<v1::Initiative>(table);
  AddResourceCommands<v1::Project>(table);
  table->push_back({"projects", "batch-get", BatchGetProjectsCommand::kSynopsis,
                    "show several projects, all or nothing", 0,
                    Make<BatchGetProjectsCommand>()});
}

}  // namespace busan::ctl
