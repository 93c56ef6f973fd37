#include "busanctl/seed.h"

#include <fstream>
#include <string>

#include "busanctl/request_id.h"
#include "busanctl/resource_fields.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace busan::ctl {
namespace {
TEST(Placeholder, Builds) {}
}  // namespace
}  // namespace busan::ctl
