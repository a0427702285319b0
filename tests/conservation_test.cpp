// Every fabric shipped in configs/: every created packet is delivered exactly once to its destination
// (none lost, duplicated, misrouted or invented), and the same seed gives byte-identical reports.
#include <gtest/gtest.h>

#include "tests/test_support.h"

namespace snsim {
namespace {

using nlohmann::json;

// Short windows keep the suite fast; drain = all stops the sources after the window and waits for
// every packet, so conservation can be checked exactly.
const std::vector<std::string> kShort = {"simulation.warmup=500cycles", "simulation.measure=3000cycles"};

class EveryConfig : public testing::TestWithParam<std::string> {};

TEST_P(EveryConfig, ConservesPackets) {
  std::vector<std::string> o = kShort;
  o.push_back("simulation.drain=all");
  o.push_back("simulation.drain_limit=1000000cycles");
  json r = test::run_config(GetParam(), o);
  EXPECT_TRUE(r["drained"].get<bool>());
  EXPECT_GT(r["packets_created"].get<uint64_t>(), 0u);
  EXPECT_EQ(r["packets_created"], r["packets_injected"]);
  EXPECT_EQ(r["packets_created"], r["packets_delivered"]);
  EXPECT_EQ(r["integrity"]["duplicates"], 0);
  EXPECT_EQ(r["integrity"]["misrouted"], 0);
  EXPECT_EQ(r["integrity"]["invented"], 0);
  EXPECT_EQ(r["integrity"]["out_of_order"], 0);
  EXPECT_EQ(r["integrity"]["in_flight_at_end"], 0);
  EXPECT_EQ(r["measured"]["undelivered"], 0);
}

TEST_P(EveryConfig, IsDeterministicForASeed) {
  json a = test::run_config(GetParam(), kShort, 7);
  json b = test::run_config(GetParam(), kShort, 7);
  EXPECT_EQ(a.dump(), b.dump());
  json c = test::run_config(GetParam(), kShort, 8);
  EXPECT_NE(a.dump(), c.dump()) << "the seed must matter";
}

std::string test_name(const testing::TestParamInfo<std::string>& info) {
  std::string name = info.param.substr(std::string(SNSIM_CONFIG_DIR).size() + 1);
  for (char& c : name) {
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Configs, EveryConfig, testing::ValuesIn(test::all_config_files()), test_name);

}  // namespace
}  // namespace snsim
