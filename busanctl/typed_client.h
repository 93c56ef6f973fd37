// The typed client of both services (client/catalog_resources.h and
// client/metrics_resources.h), its page walking (client/pages.h) and input
// field helpers (client/input_fields.h), named in busanctl's namespace.
#ifndef BUSAN_BUSANCTL_TYPED_CLIENT_H_
#define BUSAN_BUSANCTL_TYPED_CLIENT_H_

#include "client/catalog_resources.h"
#include "client/input_fields.h"
#include "client/metrics_resources.h"
#include "client/pages.h"

namespace busan::ctl {

using client::CatalogResource;
using client::CatalogStub;
using client::DifferingInputFields;
using client::InputFieldMask;
using client::InputFieldsDiffer;
using client::ListPages;
using client::ListParams;
using client::MetricsEvent;
using client::MetricsResource;
using client::MetricsStub;
using client::NameParts;
using client::SplitName;
using client::SplitResourceName;

}  // namespace busan::ctl

#endif  // BUSAN_BUSANCTL_TYPED_CLIENT_H_
