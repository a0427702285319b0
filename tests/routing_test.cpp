// Routing beyond dimension order on direct fabrics: minimal adaptive routing with Duato escape VCs,
// full-mesh detours, twisted tori, optical circuit reconfiguration. Each test compares with dimension
// order, with theory (hop counts by breadth-first search) or with a bound, and prints its figures
// (`ctest -R Routing -V`).
#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>
#include <map>
#include <set>
#include <iostream>
#include <tuple>

#include "models/graph/topologies/direct_topology.h"
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
                                                "simulation.warmup=500cycles", "simulation.measure=2000cycles"});
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

// Whether the escape channels of minimal adaptive routing have a cyclic dependency: channel (router,
// port, VC) -> the escape channel the packet requests at the next router, for every destination. The
// escape choice depends only on (router, destination), so this enumerates every dependency. With
// `merge_classes` the dateline classes are ignored (one escape VC), which must give a cycle on a torus.
bool escape_dependencies_cyclic(const Topology& t, bool merge_classes) {
  auto routing = make_routing(t, RoutingAlgorithm::Adaptive, true, 3);
  Rng rng(1, "test");
  using Channel = std::tuple<uint32_t, uint32_t, uint16_t>;
  std::map<Channel, std::set<Channel>> next;
  std::vector<RouteChoice> choices;
  auto escape = [&](uint32_t router, uint32_t destination) -> Channel {
    PacketInfo p;
    p.destination = destination;
    choices.clear();
    routing->route(router, 0, 0, p, rng, choices);
    for (const RouteChoice& c : choices) {
      if (c.escape) return {router, c.port, merge_classes ? uint16_t(0) : c.vc_begin};
    }
    ADD_FAILURE() << "no escape choice at router " << router << " for " << destination;
    return {router, 0, 0};
  };
  for (uint32_t d = 0; d < t.routers(); ++d) {
    for (uint32_t r = 0; r < t.routers(); ++r) {
      if (r == d) continue;
      const Channel c = escape(r, d);
      const uint32_t n = t.ports[r][std::get<1>(c)].peer;
      if (n != d) next[c].insert(escape(n, d));
    }
  }
  std::map<Channel, int> state;  // 1 on the stack, 2 done
  std::function<bool(const Channel&)> cyclic = [&](const Channel& c) {
    state[c] = 1;
    for (const Channel& n : next[c]) {
      if (state[n] == 1 || (state[n] == 0 && cyclic(n))) return true;
    }
    state[c] = 2;
    return false;
  };
  for (const auto& [c, _] : next) {
    if (state[c] == 0 && cyclic(c)) return true;
  }
  return false;
}

TEST(Routing, AdaptiveEscapeChannelsHaveNoCyclicDependency) {
  // Duato's condition for cut-through networks, checked on the routing function itself: the escape
  // sub-function's channel dependency graph is acyclic on tori, rings and meshes (and connected: every
  // router has an escape choice toward every destination).
  for (const Topology& t : {make_grid(TopologyKind::Torus, {8, 8}, 1, 1), make_grid(TopologyKind::Torus, {4, 4, 4}, 1, 1),
                            make_grid(TopologyKind::Torus, {5, 3}, 1, 1), make_grid(TopologyKind::Ring, {8}, 1, 1),
                            make_grid(TopologyKind::Mesh, {8, 8}, 1, 1)}) {
    EXPECT_FALSE(escape_dependencies_cyclic(t, false));
  }
  // Without the dateline classes the rings close: the check can fail.
  EXPECT_TRUE(escape_dependencies_cyclic(make_grid(TopologyKind::Torus, {8, 8}, 1, 1), true));
  EXPECT_TRUE(escape_dependencies_cyclic(make_grid(TopologyKind::Ring, {8}, 1, 1), true));
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
  EXPECT_GT(mesh_ada, 1.15 * mesh_dor);    // measured 0.428 vs 0.344
  EXPECT_GT(torus_ada, 1.3 * torus_dor);   // measured 0.541 vs 0.356
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
                         "simulation.warmup=500cycles", "simulation.measure=2000cycles", "simulation.drain=all",
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

const std::string kDetour = "examples/full_mesh_8_detour.yaml";

TEST(Routing, FullMeshDetoursCarryWhatTheDirectLinkCannot) {
  // 1-D full mesh of 8, chips injecting 4 links' worth, tornado (i -> i + 3: a permutation without fixed
  // points). Direct routing gives each flow one link, so it is bounded by 1.0; detours through the 6
  // other chips of the line can carry up to the injection bandwidth, 4.0.
  const std::vector<std::string> sat = {"workload.pattern=tornado", "workload.process=saturated", "workload.load=1",
                                        "simulation.warmup=500cycles", "simulation.measure=2000cycles"};
  json dor = run_config(config_path(kDetour), with(sat, {"topology.routing=dor"}));
  json det = run_config(config_path(kDetour), sat);
  const double d = dor["accepted_throughput"].get<double>(), t = det["accepted_throughput"].get<double>();
  std::cout << "8 full mesh tornado, saturation: direct " << d << " (bound 1), detour " << t << " (bound 4)\n";
  EXPECT_LE(d, 1.0 + 1e-9);
  EXPECT_GE(d, 0.99);
  EXPECT_LE(t, 4.0 + 1e-9);
  EXPECT_GE(t, 3.0 * d);  // measured 3.83
  EXPECT_TRUE(det["deadlock"].is_null());
  EXPECT_EQ(dor["integrity"]["out_of_order"], 0);
  EXPECT_EQ(det["integrity"]["out_of_order"], 0);
}

TEST(Routing, FullMeshDetourZeroLoadEqualsDirect) {
  // With every link idle the direct hop always has room: the same paths and latency as direct routing.
  json dor = run_config(config_path(kDetour), {"workload.load=0.01", "topology.routing=dor"});
  json det = run_config(config_path(kDetour), {"workload.load=0.01"});
  EXPECT_EQ(det["hops"]["mean"], dor["hops"]["mean"]);
  EXPECT_EQ(det["network_latency"]["mean"], dor["network_latency"]["mean"]);
  EXPECT_EQ(det["reordering"]["reordered_packets"], 0);
}

TEST(Routing, FullMeshDetoursNeverDeadlock) {
  // The 8x8 full mesh preset with detours, saturated, small buffers: the VC classes keep the channel
  // dependencies acyclic, so the (short) watchdog never fires and everything drains.
  for (const std::string pattern : {"uniform", "tornado"}) {
    json r = run_config(config_path("presets/full_mesh_8x8.yaml"),
                        {"topology.routing=detour", "fabric.vcs=2", "switch.input_queue=fifo", "switch.arbiter=round_robin",
                         "switch.input_buffer=512B", "workload.pattern=" + pattern, "workload.process=saturated",
                         "workload.load=1", "simulation.watchdog=2000cycles", "simulation.warmup=500cycles",
                         "simulation.measure=2000cycles", "simulation.drain=all", "simulation.drain_limit=200000cycles"});
    EXPECT_TRUE(r["deadlock"].is_null()) << pattern;
    EXPECT_TRUE(r["drained"].get<bool>()) << pattern;
    EXPECT_EQ(r["packets_created"], r["packets_delivered"]) << pattern;
    std::cout << "8x8 full mesh detour, saturated " << pattern << ": accepted " << r["accepted_throughput"] << "\n";
  }
}

// Distance on a k0 x k1 torus whose dimension-1 wrap shifts by `twist`, computed independently of the
// wiring: the torus is the plane modulo the lattice spanned by (k0, 0) and (-twist, k1), so the distance
// is the smallest grid (L1) distance to any translate of the destination.
uint32_t lattice_distance(int k0, int k1, int twist, int dx, int dy) {
  int best = INT32_MAX;
  for (int a = -3; a <= 3; ++a) {
    for (int b = -3; b <= 3; ++b) best = std::min(best, std::abs(dx + a * k0 - b * twist) + std::abs(dy + b * k1));
  }
  return static_cast<uint32_t>(best);
}

TEST(Routing, TwistedTorusDistancesMatchTheLattice) {
  for (const auto& [k0, k1, twist] : std::vector<std::tuple<uint32_t, uint32_t, uint32_t>>{
           {8, 8, 0}, {8, 8, 4}, {8, 8, 3}, {8, 4, 4}, {6, 3, 2}}) {
    const Topology t = make_grid(TopologyKind::Torus, {k0, k1}, 1, 1, 0, 0, twist);
    for (uint32_t r = 0; r < t.routers(); ++r) {
      for (uint32_t p = 1; p < t.ports[r].size(); ++p) {  // wired symmetrically
        const TopologyPort& tp = t.ports[r][p];
        ASSERT_EQ(t.ports[tp.peer][tp.peer_port].peer, r);
      }
    }
    const std::vector<uint32_t> from0 = t.hop_counts_from(0);
    for (uint32_t r = 0; r < t.routers(); ++r) {
      const std::vector<uint32_t> c = t.coordinates(r);
      ASSERT_EQ(from0[r], lattice_distance(int(k0), int(k1), int(twist), int(c[0]), int(c[1])))
          << k0 << "x" << k1 << " twist " << twist << " to (" << c[0] << ", " << c[1] << ")";
    }
    std::cout << k0 << "x" << k1 << " torus, twist " << twist << ": mean distance " << t.mean_distance() << "\n";
  }
  // The twist shortens a rectangular 2k x k torus (Camara et al. 2010): 8x4 with twist 4.
  EXPECT_LT(make_grid(TopologyKind::Torus, {8, 4}, 1, 1, 0, 0, 4).mean_distance(),
            make_grid(TopologyKind::Torus, {8, 4}, 1, 1).mean_distance());
}

TEST(Routing, TwistedTorusZeroLoadFollowsShortestPaths) {
  // Table routing on the twisted torus: a lone packet crosses exactly the breadth-first-search distance,
  // and its latency follows the per-hop formula.
  const std::string path = config_path("examples/twisted_torus_8x4.yaml");
  const std::vector<std::string> o = {"workload.load=0.01", "simulation.measure=100000cycles"};
  FabricConfig config = load_fabric_config(path, o);
  json r = run_config(path, o);
  const double links = r["hops"]["mean"].get<double>();
  const double expected = 2 + make_topology(config.topology).mean_distance();
  EXPECT_NEAR(links, expected, 0.02 * expected);
  const uint32_t bytes = config.workload.sizes[0].bytes;
  EXPECT_EQ(r["network_latency"]["min"].get<uint64_t>(), direct_zero_load_latency(config, 1, bytes));
  const double slope = double(direct_zero_load_latency(config, 2, bytes)) -
                       double(direct_zero_load_latency(config, 1, bytes));
  const double expected_latency = double(direct_zero_load_latency(config, 1, bytes)) + (links - 2) * slope;
  EXPECT_NEAR(r["network_latency"]["mean"].get<double>(), expected_latency, 0.01 * expected_latency);
  EXPECT_LE(r["hops"]["max"].get<uint64_t>(), 2u + 4u);  // diameter of the 8x4 torus twisted by 4 (lattice: 4)
  std::cout << "8x4 twisted torus at load 0.01: mean links " << links << " (BFS " << expected << "), latency "
            << r["network_latency"]["mean"] << " (formula " << expected_latency << ")\n";
}

const std::string kOcs = "examples/ocs_chain_rewire_8.yaml";
const std::string kSecondChain = "edges: [[0, 4], [4, 1], [1, 5], [5, 2], [2, 6], [6, 3], [3, 7]]";

// Utilization of the link from router a to router b over the measurement window (-1 if not wired).
double utilization(const json& r, uint32_t a, uint32_t b) {
  for (const auto& l : r["links"]) {
    const std::string from = l["from"], to = l["to"];
    if (from.rfind("r" + std::to_string(a) + ".out", 0) == 0 && to.rfind("r" + std::to_string(b) + ".in", 0) == 0) {
      return l["utilization"].get<double>();
    }
  }
  return -1;
}

TEST(Routing, OcsReconfigurationHoldsDrainsSwitchesAndResumes) {
  // The example's chain 0-1-...-7 is rewired at cycle 2000 into 0-4-1-5-2-6-3-7, with the default
  // reconfiguration time (1 ms = 10^6 cycles at 1 GHz). Sources stop after cycle 3500 and everything
  // drains: every packet is delivered once, in one phase or the other, and none during the hold.
  json r = run_config(config_path(kOcs),
                      {"topology.ocs_phases=[{at: 2000cycles, " + kSecondChain + "}]", "simulation.warmup=500cycles",
                       "simulation.measure=3000cycles", "simulation.drain=all", "simulation.drain_limit=2000000cycles"});
  EXPECT_TRUE(r["deadlock"].is_null()) << "the watchdog (20,000 cycles) must not count the 1 ms hold";
  EXPECT_TRUE(r["drained"].get<bool>());
  EXPECT_EQ(r["packets_created"], r["packets_delivered"]);
  EXPECT_EQ(r["integrity"]["out_of_order"], 0);
  const json& ocs = r["ocs"];
  EXPECT_EQ(ocs["reconfiguration_cycles"], 1000000);
  ASSERT_EQ(ocs["phases"].size(), 2u);
  const json& p0 = ocs["phases"][0];
  const json& p1 = ocs["phases"][1];
  EXPECT_TRUE(p1["completed"].get<bool>());
  EXPECT_EQ(p1["due_at_cycle"], 2000);
  EXPECT_GT(p1["drain_cycles"].get<uint64_t>(), 0u);  // packets were in flight when injection stopped
  EXPECT_LT(p1["drain_cycles"].get<uint64_t>(), 2000u);
  EXPECT_EQ(p1["reconfiguration_cycles"], 1000000);
  EXPECT_EQ(p1["held_cycles"].get<uint64_t>(), p1["drain_cycles"].get<uint64_t>() + 1000000);
  EXPECT_EQ(p1["started_at_cycle"].get<uint64_t>(), 2000 + p1["held_cycles"].get<uint64_t>());
  EXPECT_GT(p0["packets_delivered"].get<uint64_t>(), 0u);
  EXPECT_GT(p1["packets_delivered"].get<uint64_t>(), 0u);
  EXPECT_EQ(p0["packets_delivered"].get<uint64_t>() + p1["packets_delivered"].get<uint64_t>(),
            r["packets_delivered"].get<uint64_t>());
  std::cout << "OCS rewire at cycle 2000: drain " << p1["drain_cycles"] << " cycles, reconfiguration "
            << p1["reconfiguration_cycles"] << ", phase 0 carried " << p0["packets_delivered"] << ", phase 1 "
            << p1["packets_delivered"] << "\n";
}

TEST(Routing, OcsNewWiringCarriesTheTrafficAfterTheSwitch) {
  // Rewired at cycle 100 with a 100-cycle reconfiguration, so the measurement window (500 to 3500) lies
  // in phase 1: the links only phase 0 uses stay dark, the new ones carry the traffic.
  json r = run_config(config_path(kOcs), {"topology.ocs_phases=[{at: 100cycles, " + kSecondChain + "}]",
                                          "topology.ocs_reconfiguration=100cycles", "simulation.warmup=500cycles",
                                          "simulation.measure=3000cycles", "simulation.drain=all"});
  EXPECT_TRUE(r["deadlock"].is_null());
  EXPECT_EQ(r["packets_created"], r["packets_delivered"]);
  EXPECT_EQ(utilization(r, 0, 1), 0.0);  // phase 0 only
  EXPECT_EQ(utilization(r, 6, 7), 0.0);
  EXPECT_GT(utilization(r, 0, 4), 0.0);  // phase 1 only
  EXPECT_GT(utilization(r, 3, 7), 0.0);
  EXPECT_LT(utilization(r, 0, 7), 0.0);  // in neither wiring: no link at all
  EXPECT_EQ(r["ocs"]["phases"][1]["reconfiguration_cycles"], 100);
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
  EXPECT_NE(error_of(torus, {"topology.twist=4"}).find("key 'topology.routing': dimension-order, adaptive and valiant"),
            std::string::npos);
  EXPECT_NE(error_of(torus, {"topology.twist=8", "topology.routing=table"}).find("key 'topology.twist': a twist needs"),
            std::string::npos);
  EXPECT_NE(error_of("presets/full_mesh_8x8.yaml", {"topology.twist=1"}).find("key 'topology.twist': a twist applies"),
            std::string::npos);
  EXPECT_NE(error_of(torus, {"topology.ocs_phases=[{at: 10cycles, edges: [[0, 1]]}]"})
                .find("key 'topology.ocs_phases': OCS phases rewire adjacency fabrics"),
            std::string::npos);
  EXPECT_NE(error_of(kOcs, {"topology.ocs_phases=[{at: 0cycles, " + kSecondChain + "}]"})
                .find("key 'topology.ocs_phases.at': phase 1 starts at cycle 0"),
            std::string::npos);
  EXPECT_NE(error_of(kOcs, {"topology.ocs_phases=[{at: 10cycles, wiring: [], " + kSecondChain + "}]"})
                .find("key 'topology.ocs_phases.wiring': unknown key"),
            std::string::npos);
  EXPECT_NE(error_of(kOcs, {"topology.ocs_phases=[{at: 10cycles, edges: [[0, 1], [2, 3]]}]"})
                .find("key 'topology.ocs_phases.edges': router 2 is not connected to router 0"),
            std::string::npos);
  EXPECT_NE(error_of(kOcs, {"topology.ocs_phases=[{at: 10 parsecs, " + kSecondChain + "}]"}).find("key 'topology.ocs_phases.at'"),
            std::string::npos);
  EXPECT_NE(error_of("presets/torus_8x8.yaml", {"topology.ocs_reconfiguration=2ms"})
                .find("key 'topology.ocs_reconfiguration': only meaningful with ocs_phases"),
            std::string::npos);
  EXPECT_NE(error_of(torus, {"topology.routing=detour"}).find("key 'topology.routing': detour routing is for full meshes"),
            std::string::npos);
  EXPECT_NE(error_of(kDetour, {"fabric.vcs=1"}).find("set fabric.vcs >= 2"), std::string::npos);
  EXPECT_NE(error_of(kDetour, {"workload.load=1", "workload.packet_size=16B"}).find("the highest load here is 0.25"),
            std::string::npos);  // load is a fraction of the (4x faster) injection link
}

}  // namespace
}  // namespace snsim
