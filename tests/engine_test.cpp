// The event-driven engine: a component is stepped exactly at the cycles it asked for, once per cycle,
// and a fabric with no traffic does no work at all.
#include <gtest/gtest.h>

#include <set>

#include "models/core/clock_domain.h"
#include "tests/test_support.h"

namespace snsim {
namespace {

using nlohmann::json;

// Keeps the cycles it wants and, as the engine's contract asks, re-requests the earliest after a step.
class Recorder : public Component {
 public:
  Recorder(const sc_core::sc_module_name& name, ClockDomain& d) : Component(name, d) {}
  void request(uint64_t cycle) {
    wanted_.insert(cycle);
    wake_at(cycle);
  }
  void step(uint64_t cycle) override {
    steps.push_back(cycle);
    wanted_.erase(wanted_.begin(), wanted_.upper_bound(cycle));
    if (!wanted_.empty()) wake_at(*wanted_.begin());
    if (cycle == same_cycle_probe) {
      try {
        wake_at(cycle);
      } catch (const std::logic_error&) {
        refused_same_cycle = true;
      }
    }
  }
  std::vector<uint64_t> steps;
  uint64_t same_cycle_probe = kNever;
  bool refused_same_cycle = false;

 private:
  std::set<uint64_t> wanted_;
};

TEST(ClockDomain, StepsExactlyTheRequestedCyclesOnceEach) {
  json r = run_isolated([] {
    ClockDomain domain("clock", 2e9);  // 500 ps period
    Recorder a("a", domain), b("b", domain), idle("idle", domain);
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    a.request(5);
    a.request(3);
    a.request(3);
    a.request(10);
    b.request(3);
    b.same_cycle_probe = 3;
    sc_core::sc_start();
    return json{{"a", a.steps},
                {"b", b.steps},
                {"idle", idle.steps},
                {"refused_same_cycle", b.refused_same_cycle},
                {"activations", domain.activations()},
                {"busy_cycles", domain.busy_cycles()},
                {"end_ps", sc_core::sc_time_stamp().value()}};
  });
  EXPECT_EQ(r["a"], json({3, 5, 10}));
  EXPECT_EQ(r["b"], json({3}));
  EXPECT_EQ(r["idle"], json::array());
  EXPECT_TRUE(r["refused_same_cycle"].get<bool>());
  EXPECT_EQ(r["activations"], 4);
  EXPECT_EQ(r["busy_cycles"], 3);  // cycles 3, 5 and 10: nothing runs in between
  EXPECT_EQ(r["end_ps"], 10 * 500);
}

TEST(Engine, AnIdleFabricDoesNoWork) {
  json r = test::run_config(test::config_path("default.yaml"), {"workload.load=0"});
  EXPECT_EQ(r["engine"]["component_activations"], 0);
  EXPECT_EQ(r["engine"]["busy_cycles"], 0);
  EXPECT_EQ(r["packets_created"], 0);
}

TEST(Engine, WorkGrowsWithPacketsNotWithCycles) {
  // At a low load, each packet costs a handful of activations (generation/injection at the source,
  // arrival and switching at the switch, a credit), however many idle cycles lie between packets.
  json r = test::run_config(test::config_path("default.yaml"), {"workload.load=0.02"});
  const double packets = r["packets_delivered"].get<double>();
  const double activations = r["engine"]["component_activations"].get<double>();
  const double cycles = r["cycles"].get<double>();
  ASSERT_GT(packets, 100);
  EXPECT_LT(activations / packets, 6.0);
  EXPECT_LT(activations, 0.1 * cycles * 17);  // 17 components: far below one activation per component-cycle
}

TEST(Engine, PayloadsArePooledNotAllocatedPerPacket) {
  // Each endpoint allocates payloads only up to the most it ever has in flight at once; afterwards
  // every packet reuses one. At load 0.5 about 34 000 packets move through the default fabric.
  json r = test::run_config(test::config_path("default.yaml"), {"workload.load=0.5"});
  const uint64_t packets = r["packets_injected"].get<uint64_t>();
  const uint64_t payloads = r["engine"]["payloads_allocated"].get<uint64_t>();
  ASSERT_GT(packets, 30000u);
  EXPECT_LT(payloads, packets / 20);
  // Bound from the fabric: a packet in flight holds credits of the switch's input buffer
  // (16 KiB = 64 packets of 256 B per endpoint), or sits on the down link / in the output path.
  EXPECT_LE(payloads, 16u * (64 + 8));
}

}  // namespace
}  // namespace snsim
