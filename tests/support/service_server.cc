#include "tests/support/service_server.h"

#include "common/uuid/uuid.h"

namespace busan::testing {

std::string NewRequestId() { return uuid::NewRandom(); }

}  // namespace busan::testing
