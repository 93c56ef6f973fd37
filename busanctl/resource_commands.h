// The standard-method commands (list, get, create, update, delete) written
// once over a resource API traits class: CatalogResource<R> for the catalog
// (catalog_resources.h) or MetricsResource<R> for the metrics parents
// (metrics_resources.h). Api::Stub picks the service to call. Also the
// paging and printing helpers that the event commands (rankings list,
// meetings list, funds flows) share with them.
#ifndef BUSAN_BUSANCTL_RESOURCE_COMMANDS_H_
#define BUSAN_BUSANCTL_RESOURCE_COMMANDS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "busanctl/command.h"
#include "busanctl/json_input.h"
#include "busanctl/report/catalog_tables.h"
#include "busanctl/report/metrics_tables.h"
#include "busanctl/typed_client.h"
#include "common/status/grpc_status.h"
#include "common/status/status_macros.h"
#include "common/uuid/uuid.h"

namespace busan::ctl {

template <typename Api>
constexpr bool kNested = !Api::kParentCollection.empty();

// "x" -> "COLLECTION/x"; a name with a '/' is kept as given.
inline std::string ExpandInCollection(absl::string_view collection,
                                      const std::string& arg) {
  if (arg.find('/') != std::string::npos) return arg;
  return absl::StrCat(collection, "/", arg);
}

// Lets users type "marine-port" for "projects/marine-port". Names of nested
// resources (initiatives) must be given in full.
template <typename Api>
std::string ExpandName(const std::string& arg) {
  return kNested<Api> ? arg : ExpandInCollection(Api::kCollection, arg);
}

// The text of a required --json flag.
absl::StatusOr<std::string> RequiredJson(const Invocation& invocation);

// Copies --filter, --order_by, --page_size, --page_token into `params` and
// returns --all. INVALID_ARGUMENT for a page size outside 0..INT32_MAX.
absl::StatusOr<bool> ParseListFlags(const Invocation& invocation,
                                    ListParams* params);

// Prints a List response: its JSON, or the items as a table (ItemsTable)
// with a note on how to get the next page when there is one.
template <typename Response, typename Items>
absl::Status PrintList(Context& context, const Response& response,
                       const Items& items) {
  if (context.format() == OutputFormat::kJson) {
    ASSIGN_OR_RETURN(std::string json, ToJson(response, /*multiline=*/true));
    context.out() << json << "\n";
    return absl::OkStatus();
  }
  context.out() << ItemsTable(items).Render(context.width());
  if (!response.next_page_token().empty()) {
    context.out() << "(" << items.size() << " of " << response.total_size()
                  << "; next page: --page_token=" << response.next_page_token()
                  << ", or use --all)\n";
  }
  return absl::OkStatus();
}

template <typename Api>
class GetCommand : public Command {
 public:
  static constexpr char kSynopsis[] = "NAME";

  absl::Status Parse(const Invocation& invocation) override {
    RETURN_IF_ERROR(ExpectArgs(invocation, 1, 1, kSynopsis));
    name_ = ExpandName<Api>(invocation.args[0]);
    return absl::OkStatus();
  }

  absl::Status Execute(Context& context) override {
    typename Api::Resource resource;
    RETURN_IF_ERROR(FromGrpcStatus(
        Api::Get(context.stub<typename Api::Stub>(),
                 NewUnaryContext(context.call()).get(), name_, &resource)));
    return PrintMessage(context, resource);
  }

 private:
  std::string name_;
};

template <typename Api>
class ListCommand : public Command {
 public:
  static std::string Synopsis() {
    return absl::StrCat(
        kNested<Api>
            ? absl::StrCat("[--parent=", Api::kParentCollection, "/PARENT] ")
            : "",
        "[--filter=F] [--order_by=O] [--page_size=N] [--page_token=T] "
        "[--all]");
  }

  absl::Status Parse(const Invocation& invocation) override {
    RETURN_IF_ERROR(ExpectArgs(invocation, 0, 0, Synopsis()));
    ASSIGN_OR_RETURN(all_, ParseListFlags(invocation, &params_));
    if (kNested<Api>) {
      params_.parent =
          ExpandInCollection(Api::kParentCollection, invocation.flags.parent);
    }
    return absl::OkStatus();
  }

  absl::Status Execute(Context& context) override {
    using Response = typename Api::ListResponse;
    auto& stub = context.stub<typename Api::Stub>();
    ASSIGN_OR_RETURN(Response response,
                     ListPages<Response>(
                         context.call(), params_, all_,
                         [&stub](grpc::ClientContext* call,
                                 const ListParams& params, Response* out) {
                           return Api::List(stub, call, params, out);
                         },
                         [](Response* r) { return Api::Items(r); }));
    return PrintList(context, response, *Api::Items(&response));
  }

 private:
  ListParams params_;
  bool all_ = false;
};

template <typename Api>
class CreateCommand : public Command {
 public:
  static constexpr const char* kSynopsis =
      kNested<Api> ? "PARENT ID --json=JSON" : "ID --json=JSON";

  absl::Status Parse(const Invocation& invocation) override {
    const int n = kNested<Api> ? 2 : 1;
    RETURN_IF_ERROR(ExpectArgs(invocation, n, n, kSynopsis));
    if (kNested<Api>) {
      where_.parent =
          ExpandInCollection(Api::kParentCollection, invocation.args[0]);
    }
    where_.id = invocation.args[n - 1];
    ASSIGN_OR_RETURN(const std::string json, RequiredJson(invocation));
    RETURN_IF_ERROR(ParseJsonMessage(json, &resource_));
    request_id_ = uuid::NewRandom();
    return absl::OkStatus();
  }

  absl::Status Execute(Context& context) override {
    typename Api::Resource created;
    RETURN_IF_ERROR(
        FromGrpcStatus(Api::Create(context.stub<typename Api::Stub>(),
                                   NewUnaryContext(context.call()).get(),
                                   where_, resource_, request_id_, &created)));
    return PrintMessage(context, created);
  }

 private:
  NameParts where_;
  typename Api::Resource resource_;
  std::string request_id_;
};

template <typename Api>
class UpdateCommand : public Command {
 public:
  static constexpr char kSynopsis[] =
      "NAME --json=JSON [--update_mask=FIELDS] [--etag=ETAG]";

  absl::Status Parse(const Invocation& invocation) override {
    using R = typename Api::Resource;
    RETURN_IF_ERROR(ExpectArgs(invocation, 1, 1, kSynopsis));
    const std::string name = ExpandName<Api>(invocation.args[0]);
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
    request_id_ = uuid::NewRandom();
    return absl::OkStatus();
  }

  absl::Status Execute(Context& context) override {
    typename Api::Resource updated;
    RETURN_IF_ERROR(
        FromGrpcStatus(Api::Update(context.stub<typename Api::Stub>(),
                                   NewUnaryContext(context.call()).get(),
                                   resource_, mask_, request_id_, &updated)));
    return PrintMessage(context, updated);
  }

 private:
  typename Api::Resource resource_;
  google::protobuf::FieldMask mask_;
  std::string request_id_;
};

template <typename Api>
class DeleteCommand : public Command {
 public:
  static constexpr const char* kSynopsis =
      Api::kHasForce ? "NAME [--etag=ETAG] [--force]" : "NAME [--etag=ETAG]";

  absl::Status Parse(const Invocation& invocation) override {
    RETURN_IF_ERROR(ExpectArgs(invocation, 1, 1, kSynopsis));
    name_ = ExpandName<Api>(invocation.args[0]);
    etag_ = invocation.flags.etag;
    force_ = invocation.flags.force;
    request_id_ = uuid::NewRandom();
    return absl::OkStatus();
  }

  absl::Status Execute(Context& context) override {
    RETURN_IF_ERROR(
        FromGrpcStatus(Api::Delete(context.stub<typename Api::Stub>(),
                                   NewUnaryContext(context.call()).get(), name_,
                                   etag_, force_, request_id_)));
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

template <typename C>
std::function<std::unique_ptr<Command>()> Make() {
  return [] { return std::make_unique<C>(); };
}

// Adds `GROUP list|get|create|update|delete` for the resource of `Api`,
// where GROUP is its collection ("projects", "meeting-series").
// "a " or "an ", for `noun` in a command's summary.
inline absl::string_view IndefiniteArticle(absl::string_view noun) {
  return absl::string_view("aeiou").find(noun[0]) != absl::string_view::npos
             ? "an "
             : "a ";
}

template <typename Api>
void AddResourceCommands(std::vector<CommandSpec>* table) {
  const std::string group(Api::kCollection);
  const absl::string_view one = Api::kSingular;
  const absl::string_view a = IndefiniteArticle(one);
  const uint32_t list_flags =
      kListFlags | (kNested<Api> ? uint32_t{kParentFlag} : uint32_t{0});
  const uint32_t delete_flags =
      kEtagFlag | (Api::kHasForce ? uint32_t{kForceFlag} : uint32_t{0});
  table->push_back({group, "list", ListCommand<Api>::Synopsis(),
                    absl::StrCat("list ", Api::kPlural), list_flags,
                    Make<ListCommand<Api>>()});
  constexpr bool kHasRevisions = requires { Api::kListRevisions; };
  table->push_back({group, "get", GetCommand<Api>::kSynopsis,
                    absl::StrCat("show one ", one,
                                 kHasRevisions ? "; NAME@REVISION: as that "
                                                 "revision stored it"
                                               : ""),
                    0, Make<GetCommand<Api>>()});
  table->push_back({group, "create", CreateCommand<Api>::kSynopsis,
                    absl::StrCat("create ", a, one, " from JSON"), kJsonFlag,
                    Make<CreateCommand<Api>>()});
  table->push_back({group, "update", UpdateCommand<Api>::kSynopsis,
                    absl::StrCat("change fields of ", a, one),
                    kJsonFlag | kUpdateMaskFlag | kEtagFlag,
                    Make<UpdateCommand<Api>>()});
  table->push_back({group, "delete", DeleteCommand<Api>::kSynopsis,
                    absl::StrCat("delete ", a, one), delete_flags,
                    Make<DeleteCommand<Api>>()});
}

}  // namespace busan::ctl

#endif  // BUSAN_BUSANCTL_RESOURCE_COMMANDS_H_
