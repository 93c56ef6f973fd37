// Placeholder replaced by the integration suite.
#include "gtest/gtest.h"
#include "tests/support/catalog_server.h"
TEST(CatalogApiTest, ServerStarts) {
  busan::testing::CatalogServer server;
  EXPECT_FALSE(server.address().empty());
}
