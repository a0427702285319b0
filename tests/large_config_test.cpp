// Nightly: every fabric in configs/presets/large/ runs its configured window to completion with a report,
// delivers what it injected (drain = all) and does not deadlock.
#include <gtest/gtest.h>

#include <iostream>

#include "tests/test_support.h"

namespace snsim {
namespace {

TEST(LargeConfigs, RunToCompletion) {
  const auto files = test::all_config_files(true);
  ASSERT_FALSE(files.empty());
  for (const auto& f : files) {
    nlohmann::json r = test::run_config(f, {"simulation.drain=all", "simulation.drain_limit=1000000cycles"});
    EXPECT_TRUE(r["deadlock"].is_null()) << f;
    EXPECT_TRUE(r["drained"].get<bool>()) << f;
    EXPECT_EQ(r["packets_created"], r["packets_delivered"]) << f;
    std::cout << f << ": " << r["packets_delivered"] << " packets, " << r["cycles"] << " cycles\n";
  }
}

}  // namespace
}  // namespace snsim
