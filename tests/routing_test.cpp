// Routing beyond dimension order on direct fabrics: minimal adaptive routing with Duato escape VCs,
// full-mesh detours, twisted tori, optical circuit reconfiguration. Each test compares with dimension
// order, with theory (hop counts by breadth-first search) or with a bound, and prints its figures
// (`ctest -R Routing -V`).
#include <gtest/gtest.h>

#include <iostream>

#include "models/fabric/direct_fabric.h"
#include "tests/test_support.h"

namespace snsim {
namespace {

using nlohmann::json;
using test::config_path;
using test::run_config;

const std::string kMesh = "validation/mesh_8x8_uniform.yaml";

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST(Routing, AdaptiveZeroLoadLatencyEqualsDimensionOrder) {
  // A lone packet sees full credits everywhere; ties go to the lowest dimension, i.e. the dimension-order
  // path, and every minimal path has the same length, so hops and latency match dimension order.
  for (const std::string topology : {"mesh", "torus"}) {
    const std::vector<std::string> o = {"workload.load=0.003", "fabric.topology=" + topology, "fabric.vcs=3"};
    json dor = run_config(config_path(kMesh), o);
    json ada = run_config(config_path(kMesh), with(o, {"topology.routing=adaptive"}));
    EXPECT_EQ(ada["hops"]["mean"], dor["hops"]["mean"]) << topology;
    EXPECT_EQ(ada["network_latency"]["min"], dor["network_latency"]["min"]) << topology;
    EXPECT_NEAR(ada["network_latency"]["mean"].get<double>(), dor["network_latency"]["mean"].get<double>(),
                0.002 * dor["network_latency"]["mean"].get<double>())
        << topology;
    std::cout << "8x8 " << topology << " at load 0.003: mean latency DOR " << dor["network_latency"]["mean"]
              << ", adaptive " << ada["network_latency"]["mean"] << "; hops " << dor["hops"]["mean"] << "\n";
  }
}

// Saturation throughput (saturated sources) of dimension order and adaptive routing on the same fabric
// and VCs.
std::pair<double, double> saturation(const std::vector<std::string>& o) {
  const std::vector<std::string> sat = with(o, {"workload.process=saturated", "workload.load=1",
                                                "simulation.warmup=1000cycles", "simulation.measure=3000cycles"});
  json dor = run_config(config_path(kMesh), sat);
  json ada = run_config(config_path(kMesh), with(sat, {"topology.routing=adaptive"}));
  EXPECT_TRUE(dor["deadlock"].is_null());
  EXPECT_TRUE(ada["deadlock"].is_null());
  EXPECT_EQ(dor["integrity"]["out_of_order"], 0);  // dimension order keeps every flow in order
  EXPECT_EQ(ada["integrity"]["out_of_order"], 0);  // adaptive: overtaking is measured, not an error
  EXPECT_FALSE(ada["reordering"]["order_guaranteed"].get<bool>());
  EXPECT_TRUE(dor["reordering"]["order_guaranteed"].get<bool>());
  EXPECT_EQ(dor["reordering"]["reordered_packets"], 0);
  return {dor["accepted_throughput"].get<double>(), ada["accepted_throughput"].get<double>()};
}

TEST(Routing, AdaptiveBeatsDimensionOrderOnTranspose) {
  // Transpose: dimension order sends a whole row's traffic along one row and then one column, loading
  // the links next to the diagonal; minimal adaptive routing spreads each flow over the rectangle
  // between source and destination. Same VCs for both (mesh 2: 1 escape + 1 adaptive; torus 3: 2 + 1).
  const auto [mesh_dor, mesh_ada] = saturation({"workload.pattern=transpose", "fabric.vcs=2"});
  const auto [torus_dor, torus_ada] =
      saturation({"workload.pattern=transpose", "fabric.topology=torus", "fabric.vcs=3"});
  std::cout << "8x8 transpose, saturation: mesh DOR " << mesh_dor << ", adaptive " << mesh_ada << "; torus DOR "
            << torus_dor << ", adaptive " << torus_ada << "\n";
  EXPECT_GT(mesh_ada, 1.15 * mesh_dor);    // measured 0.429 vs 0.344
  EXPECT_GT(torus_ada, 1.3 * torus_dor);   // measured 0.540 vs 0.356
}

TEST(Routing, AdaptiveOnTornadoTorus) {
  // Tornado on an 8x8 torus (i -> i + 31: +4 in y, -1 in x): minimal paths are fixed within each ring,
  // so adaptive routing can only choose the order of the dimensions: a small gain.
  const auto [dor, ada] = saturation({"workload.pattern=tornado", "fabric.topology=torus", "fabric.vcs=3"});
  std::cout << "8x8 torus tornado, saturation: DOR " << dor << ", adaptive " << ada << "\n";
  EXPECT_GT(ada, 1.03 * dor);  // measured 0.146 vs 0.1375
}

TEST(Routing, AdaptiveTorusNeverDeadlocksUnderSaturation) {
  // One-packet-deep VC buffers and saturated sources on a torus: the worst case for a cyclic dependency.
  // The escape VCs keep it deadlock-free: the watchdog (short, 2000 cycles) never fires, and after the
  // window every packet is delivered exactly once.
  for (const std::string pattern : {"uniform", "transpose", "tornado"}) {
    json r = run_config(config_path(kMesh),
                        {"fabric.topology=torus", "fabric.vcs=3", "topology.routing=adaptive", "workload.process=saturated",
                         "workload.load=1", "workload.pattern=" + pattern, "simulation.watchdog=2000cycles",
                         "simulation.warmup=500cycles", "simulation.measure=4000cycles", "simulation.drain=all",
                         "simulation.drain_limit=200000cycles"});
    EXPECT_TRUE(r["deadlock"].is_null()) << pattern << r["deadlock"].dump();
    EXPECT_TRUE(r["drained"].get<bool>()) << pattern;
    EXPECT_EQ(r["packets_created"], r["packets_delivered"]) << pattern;
    EXPECT_EQ(r["integrity"]["duplicates"], 0);
    EXPECT_EQ(r["integrity"]["misrouted"], 0);
    std::cout << "8x8 torus adaptive, saturated " << pattern << ": accepted " << r["accepted_throughput"]
              << ", reordered " << r["reordering"]["reordered_packets"] << " of " << r["packets_delivered"] << "\n";
  }
}

TEST(Routing, ConfigurationErrorsNameTheKey) {
  auto error_of = [](const std::string& config, const std::vector<std::string>& o) -> std::string {
    try {
      load_fabric_config(config_path(config), o);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "(no error)";
  };
  const std::string torus = "presets/torus_8x8.yaml";
  EXPECT_NE(error_of(torus, {"topology.routing=adaptive"}).find("key 'topology.routing': adaptive routing needs 2 escape VCs"),
            std::string::npos);
  EXPECT_NE(error_of(torus, {"topology.routing=adaptive", "fabric.vcs=3", "topology.datelines=false"})
                .find("key 'topology.datelines': adaptive routing on a torus needs dateline classes"),
            std::string::npos);
  EXPECT_NE(error_of(torus, {"topology.routing=adaptive", "fabric.vcs=3", "switch.input_queue=voq"})
                .find("key 'switch.input_queue': adaptive routing re-chooses"),
            std::string::npos);
  EXPECT_NE(error_of("presets/full_mesh_8x8.yaml", {"topology.routing=adaptive"}).find("adaptive routing is for meshes"),
            std::string::npos);
}

}  // namespace
}  // namespace snsim
