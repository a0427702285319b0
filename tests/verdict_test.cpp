// The verdicts a report leads to: saturation (models/sim/verdict.h) and the fabric's shape that `check`
// prints and the watchdog's auto scales with (models/sim/fabric_shape.h).
#include <gtest/gtest.h>

#include "models/core/config.h"
#include "models/sim/fabric_shape.h"
#include "models/sim/verdict.h"
#include "tests/test_support.h"

namespace snsim {
namespace {

using nlohmann::json;

// The fields the verdict reads, as a run's report has them.
json report(double offered, double accepted, bool drained, uint64_t cycles, uint64_t window_end = 12000,
            double created = 100000, double latency = 400) {
  return {{"offered_throughput", offered},
          {"accepted_throughput", accepted},
          {"drained", drained},
          {"deadlock", nullptr},
          {"cycles", cycles},
          {"window", {{"end", window_end}, {"measure", 10000}}},
          {"measured", {{"created", created}}},
          {"latency", {{"mean", latency}}}};
}

TEST(Verdict, SaturatedWhenTheDrainLimitRanOutOrAcceptedIsClearlyShort) {
  EXPECT_TRUE(saturation_verdict(report(0.9, 0.9, false, 112000)).saturated);  // drain limit 100000 hit
  EXPECT_TRUE(saturation_verdict(report(0.9, 0.9, false, 112000)).hit_drain_limit);
  EXPECT_TRUE(saturation_verdict(report(1.0, 0.6, true, 12500)).saturated);    // 40 % short, drained anyway
  EXPECT_FALSE(saturation_verdict(report(0.5, 0.5, true, 12400)).saturated);
}

TEST(Verdict, NotSaturatedWhenTheRunStoppedForAnotherReason) {
  // drain_limit 0: the run ends with the window, whatever is in flight.
  SaturationVerdict v = saturation_verdict(report(0.3, 0.301, false, 12000));
  EXPECT_FALSE(v.saturated);
  EXPECT_FALSE(v.hit_drain_limit);
  json dead = report(0.3, 0.3, false, 20000);
  dead["deadlock"] = {{"detected_at_cycle", 20000}};
  EXPECT_FALSE(saturation_verdict(dead).saturated);
  json partial = report(0.3, 0.1, false, 5000);
  partial["partial"] = true;
  EXPECT_FALSE(saturation_verdict(partial).saturated);
}

TEST(Verdict, TheMarginGrowsForShortRunsWithFewPackets) {
  // 87 packets over 2000 cycles at 232 cycles: about 10 in flight, a spread of about 4.5 packets (5 %); the
  // margin is four of them. An 11 % shortfall (seed 27 of a 4-endpoint run at load 0.05) is chance.
  SaturationVerdict few = saturation_verdict([] {
    json r = report(0.04608, 0.04096, true, 4300, 4000, 72, 232.1);
    r["window"]["measure"] = 2000;
    return r;
  }());
  EXPECT_NEAR(few.margin, 4 * std::sqrt(2 * 232.1 / (2000 * 72.0)), 1e-12);
  EXPECT_GT(few.margin, 0.2);
  EXPECT_FALSE(few.saturated);
  // Many packets: the 1 % floor.
  EXPECT_DOUBLE_EQ(saturation_verdict(report(0.5, 0.5, true, 12400)).margin, 0.01);
  EXPECT_TRUE(saturation_verdict(report(1.0084, 0.9543, true, 22500, 22000, 63000, 955.6)).saturated);
}

FabricConfig config(const std::string& yaml) {
  auto doc = ConfigDocument::load_string(yaml, "shape.yaml");
  return read_fabric_config(doc);
}

TEST(FabricShape, CountsSwitchesPortsAndTheLinksOfTheLongestRoute) {
  const FabricConfig one = config("fabric:\n  endpoints: 16\nworkload:\n  load: 0.5\n");
  FabricShape single = fabric_shape(one);
  EXPECT_FALSE(single.direct);
  EXPECT_EQ(single.switches, 1u);
  EXPECT_EQ(single.max_ports, 16u);
  EXPECT_EQ(single.route_links, 2u);  // in and out of the switch
  EXPECT_TRUE(single.route_exact);
  EXPECT_EQ(describe_shape(single), "one 16-port switch");

  FabricShape t = fabric_shape(load_fabric_config(test::config_path("presets/torus_4x4x4.yaml"), {}));
  EXPECT_TRUE(t.direct);
  EXPECT_EQ(t.switches, 64u);
  EXPECT_EQ(t.max_ports, 7u);       // the endpoint and two per dimension
  EXPECT_EQ(t.route_links, 8u);     // 2 per ring of 4, and the two on-chip links
  EXPECT_EQ(describe_shape(t), "64 routers of 7 ports (the endpoint's included)");

  FabricShape mesh = fabric_shape(load_fabric_config(test::config_path("validation/mesh_8x8_uniform.yaml"), {}));
  EXPECT_EQ(mesh.route_links, 16u);  // corner to corner, 7 + 7
  EXPECT_EQ(mesh.min_ports, mesh.max_ports);  // edge routers keep their unused ports

  // Detour routing takes two hops where dimension order takes one: the bound doubles.
  FabricShape detour = fabric_shape(load_fabric_config(test::config_path("examples/full_mesh_8_detour.yaml"), {}));
  EXPECT_EQ(detour.switches, 8u);
  EXPECT_EQ(detour.max_ports, 8u);
  EXPECT_EQ(detour.route_links, 6u);

  // Any wiring: a chain of 4 routers, end to end.
  FabricShape chain = fabric_shape(config(
      "fabric:\n  topology: adjacency\n  endpoints: 4\n  vcs: 2\ntopology:\n  edges: [[0, 1], [1, 2], [2, 3]]\n"
      "workload:\n  load: 0.1\n"));
  EXPECT_EQ(chain.route_links, 5u);
  EXPECT_EQ(chain.min_ports, 2u);
  EXPECT_EQ(chain.max_ports, 3u);

  // A two-tier Clos: leaf, spine, leaf.
  FabricShape clos = fabric_shape(load_fabric_config(test::config_path("validation/clos_two_tier_32.yaml"), {}));
  EXPECT_FALSE(clos.direct);
  EXPECT_GT(clos.switches, 1u);
  EXPECT_EQ(clos.route_links, 4u);
  EXPECT_NE(describe_shape(clos).find(" switches of "), std::string::npos) << describe_shape(clos);
}

}  // namespace
}  // namespace snsim
