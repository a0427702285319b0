// The fabric graph layer: validation of graphs, the shortest-path table and its channel-dependency
// check, the switched generators' shapes, and the fabric-level properties of issue 13's validation list
// (zero-load latency along a route, non-blocking and oversubscribed Clos throughput against the bisection
// bound, ECMP spread and order, spraying's reordering).
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "models/core/rng.h"
#include "models/fabric/graph_fabric.h"
#include "models/graph/deadlock_check.h"
#include "models/graph/graph_routes.h"
#include "models/graph/graph_routing.h"
#include "tests/test_support.h"

namespace snsim {
namespace {

using nlohmann::json;
using test::config_path;
using test::run_config;

const char* kClos = "validation/clos_two_tier_32.yaml";

std::string validation_error(const FabricGraph& g) {
  try {
    g.validate();
  } catch (const GraphError& e) {
    return e.what();
  }
  return "";
}

// Two endpoints on one switch, the smallest valid fabric.
FabricGraph two_on_a_switch() {
  FabricGraph g;
  const uint32_t sw = g.add_switch("sw", 2);
  g.connect({g.add_endpoint("a"), 0}, {sw, 0});
  g.connect({g.add_endpoint("b"), 0}, {sw, 1});
  return g;
}

TEST(FabricGraph, AcceptsAValidGraph) {
  EXPECT_EQ(validation_error(two_on_a_switch()), "");
}

TEST(FabricGraph, RefusesBadWiringNamingThePorts) {
  {
    FabricGraph g = two_on_a_switch();
    g.add_switch("spare", 1);  // a port bound to nothing
    EXPECT_NE(validation_error(g).find("spare.port0 is not bound"), std::string::npos) << validation_error(g);
  }
  {
    FabricGraph g;
    const uint32_t sw = g.add_switch("sw", 2);
    const uint32_t a = g.add_endpoint("a");
    g.connect({a, 0}, {sw, 0});
    g.connect({g.add_endpoint("b"), 0}, {sw, 0});  // switch port 0 twice
    EXPECT_NE(validation_error(g).find("sw.port0 is bound twice"), std::string::npos) << validation_error(g);
  }
  {
    FabricGraph g = two_on_a_switch();
    const uint32_t loop = g.add_switch("loop", 2);
    g.connect({loop, 0}, {loop, 1});
    EXPECT_NE(validation_error(g).find("self-loop"), std::string::npos) << validation_error(g);
  }
  {
    FabricGraph g = two_on_a_switch();
    g.add_endpoint("lonely");
    const std::string e = validation_error(g);
    EXPECT_NE(e.find("lonely.port0 is not bound"), std::string::npos) << e;
  }
  {
    FabricGraph g = two_on_a_switch();
    const uint32_t island = g.add_switch("island", 2);
    g.connect({g.add_endpoint("c"), 0}, {island, 0});
    g.connect({g.add_endpoint("d"), 0}, {island, 1});
    const std::string e = validation_error(g);
    EXPECT_NE(e.find("2 endpoints cannot be reached from a: c, d"), std::string::npos) << e;
  }
  {
    FabricGraph g = two_on_a_switch();
    g.add_switch("sw", 1);
    EXPECT_NE(validation_error(g).find("two nodes are named 'sw'"), std::string::npos) << validation_error(g);
  }
}

// A ring of `n` switches, one endpoint on each.
FabricGraph switch_ring(uint32_t n) {
  FabricGraph g;
  for (uint32_t s = 0; s < n; ++s) g.add_switch("s" + std::to_string(s), 3);
  for (uint32_t s = 0; s < n; ++s) g.connect({s, 1}, {(s + 1) % n, 2});
  for (uint32_t s = 0; s < n; ++s) g.connect({g.add_endpoint("e" + std::to_string(s)), 0}, {s, 0});
  return g;
}

TEST(DeadlockCheck, ShortestPathsOnALongSwitchRingHaveACycleAndOnAClosNone) {
  // On a ring of 3 every route is one hop: no packet holds one switch-to-switch channel while waiting
  // for another. On a ring of 5, two-hop routes chain around the ring both ways.
  const FabricGraph three = switch_ring(3), five = switch_ring(5);
  EXPECT_TRUE(shortest_path_dependency_cycle(three, GraphRoutes(three)).empty());
  const std::vector<std::string> cycle = shortest_path_dependency_cycle(five, GraphRoutes(five));
  ASSERT_EQ(cycle.size(), 5u);
  EXPECT_EQ(cycle[0], "s0 -> s1");

  const FabricConfig clos = load_fabric_config(config_path(kClos), {"topology.tiers=3", "fabric.endpoints=16",
                                                                    "topology.radix=4"});
  const GeneratedFabric g = generate_fabric(clos);  // throws if the check found a cycle
  EXPECT_TRUE(shortest_path_dependency_cycle(g.graph, GraphRoutes(g.graph)).empty());
}

TEST(GraphRoutes, EqualCostPortsOfATwoTierClos) {
  const FabricConfig config = load_fabric_config(config_path(kClos), {});
  const GeneratedFabric g = generate_fabric(config);
  const FabricGraph& graph = g.graph;
  // 8 leaves (switches 0..7) of 4 endpoints with 4 uplinks (ports 4..7), 4 spines (8..11) of 8 ports.
  ASSERT_EQ(graph.switches().size(), 12u);
  EXPECT_EQ(graph.node(graph.switches()[0]).name, "leaf0");
  EXPECT_EQ(graph.node(graph.switches()[0]).tags.tier, "leaf");
  EXPECT_EQ(graph.node(graph.switches()[8]).name, "spine0");
  const GraphRoutes routes(graph);
  // Leaf 0 to an endpoint of leaf 3: any of its 4 uplinks; a spine: its one port to leaf 3; leaf 3: the port
  // of the endpoint.
  const PortSpan up = routes.choices(0, 13);
  ASSERT_EQ(up.size, 4u);
  for (uint32_t i = 0; i < 4; ++i) EXPECT_EQ(up[i], 4 + i);
  ASSERT_EQ(routes.choices(8, 13).size, 1u);
  EXPECT_EQ(routes.choices(8, 13)[0], 3u);
  ASSERT_EQ(routes.choices(3, 13).size, 1u);
  EXPECT_EQ(routes.choices(3, 13)[0], 1u);
  EXPECT_EQ(routes.distance(0, 13), 2u);
  EXPECT_EQ(routes.distance(3, 13), 0u);
}

TEST(GraphRoutes, ThreeTierFatTreeOfRadixFour) {
  // Al-Fares et al.'s k = 4 fat tree: 16 endpoints, 8 edge, 8 aggregation and 4 core switches.
  const FabricConfig config = load_fabric_config(config_path(kClos), {"topology.tiers=3", "fabric.endpoints=16",
                                                                      "topology.radix=4"});
  const GeneratedFabric g = generate_fabric(config);
  std::map<std::string, int> tiers;
  for (uint32_t s : g.graph.switches()) ++tiers[g.graph.node(s).tags.tier];
  EXPECT_EQ(tiers["leaf"], 8);
  EXPECT_EQ(tiers["spine"], 8);
  EXPECT_EQ(tiers["core"], 4);
  const GraphRoutes routes(g.graph);
  EXPECT_EQ(routes.distance(0, 15), 4u);  // leaf0 -> agg -> core -> agg -> leaf7
  EXPECT_EQ(routes.distance(0, 3), 2u);   // leaf0 -> agg -> leaf1, same pod
  EXPECT_EQ(routes.choices(0, 15).size, 2u);
}

TEST(ClosConfig, RefusesWhatDoesNotFitTheRadixWithTheNumbers) {
  auto error_of = [](const std::vector<std::string>& overrides) {
    try {
      load_fabric_config(config_path(kClos), overrides);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(error_of({"fabric.endpoints=64"}).find("64 endpoints need 16 leaves of 4; a spine then needs 16 ports (radix 8)"),
            std::string::npos);
  EXPECT_NE(error_of({"topology.spines=3"}).find("4 leaf uplinks do not spread evenly over 3 spines"), std::string::npos);
  EXPECT_NE(error_of({"topology.leaf_class=fat"}).find("'fat' is not defined in switch_classes"), std::string::npos);
  EXPECT_NE(error_of({"switch.ports=8"}).find("each switch's ports follow from the topology"), std::string::npos);
  EXPECT_NE(error_of({"topology.routing=adaptive"}).find("adaptive routing re-chooses"), std::string::npos);
}

// Zero-load latency along a route, from the graph's parts: a store-and-forward path of h switches is
// h + 1 links (serialization + link latency each) and h switch pipelines.
TEST(GraphFabric, ZeroLoadLatencyIsTheSumOfTheRoutesParts) {
  const FabricConfig base = load_fabric_config(config_path(kClos), {});
  const uint64_t link = base.link.serialization_cycles(256) + base.link.latency;
  const uint64_t sw = base.switch_params.latency;
  struct Case {
    std::vector<std::string> overrides;
    uint64_t switches;
  };
  // One endpoint per leaf: every route is leaf, spine, leaf. Three tiers with one leaf per pod: every
  // route is leaf, aggregation, core, aggregation, leaf.
  const std::vector<Case> cases = {
      {{"topology.leaf_endpoints=1", "topology.leaf_uplinks=4", "fabric.endpoints=8"}, 3},
      {{"topology.tiers=3", "topology.radix=4", "topology.leaf_endpoints=1", "topology.leaf_uplinks=2",
        "topology.pod_leaves=1", "fabric.endpoints=4"},
       5},
  };
  for (const Case& c : cases) {
    std::vector<std::string> o = c.overrides;
    o.push_back("workload.load=0.002");
    const json r = run_config(config_path(kClos), o);
    const uint64_t expected = (c.switches + 1) * link + c.switches * sw;
    EXPECT_EQ(r["network_latency"]["min"].get<uint64_t>(), expected) << c.switches << " switches";
    EXPECT_EQ(r["hops"]["min"].get<uint64_t>(), c.switches + 1);
    EXPECT_EQ(r["hops"]["max"].get<uint64_t>(), c.switches + 1);
  }
  // Two endpoints on the same leaf: one switch.
  const json r = run_config(config_path(kClos), {"workload.load=0.002"});
  EXPECT_EQ(r["network_latency"]["min"].get<uint64_t>(), 2 * link + sw);
}

TEST(GraphFabric, ReportsTheFabricAndItsTiers) {
  const json r = run_config(config_path(kClos), {"simulation.measure=2000cycles"});
  const json& f = r["fabric"];
  EXPECT_EQ(f["endpoints"], 32);
  EXPECT_EQ(f["switches"], 12);
  EXPECT_EQ(f["routers"], 0);
  EXPECT_EQ(f["links"], 2 * (32 + 8 * 4));
  std::map<std::string, uint64_t> links;
  for (const auto& t : f["per_tier"]) links[t["tier"]] = t["links"];
  EXPECT_EQ(links["endpoint-leaf"], 32u);
  EXPECT_EQ(links["leaf-spine"], 32u);
  EXPECT_EQ(links["spine-leaf"], 32u);
  EXPECT_EQ(links["leaf-endpoint"], 32u);
  // The per-tier mean is the mean over that tier's links.
  double sum = 0;
  int n = 0;
  for (const auto& l : r["links"]) {
    if (l["tier"] == "leaf-spine") sum += l["utilization"].get<double>(), ++n;
  }
  for (const auto& t : f["per_tier"]) {
    if (t["tier"] == "leaf-spine") {
      EXPECT_NEAR(t["utilization_mean"].get<double>(), sum / n, 1e-12);
    }
  }
}

// Saturated uniform traffic (every endpoint always has a packet for a random other endpoint).
const std::vector<std::string> kSaturated = {"workload.process=saturated", "workload.load=1",
                                             "simulation.measure=20000cycles", "simulation.drain_limit=0cycles"};

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST(ClosThroughput, NonBlockingClosWithVoqIslipCarriesUniformTrafficAtNinetyPercent) {
  const json r = run_config(config_path(kClos), kSaturated);
  std::cout << "non-blocking 2-tier Clos, spray, VOQ/iSLIP-1: accepted " << r["accepted_throughput"] << "\n";
  EXPECT_GE(r["accepted_throughput"].get<double>(), 0.9);
}

TEST(ClosThroughput, OversubscribedClosSaturatesAtTheBisectionBound) {
  // 2:1 at the leaf: radix 12 = 8 endpoints + 4 uplinks. Of uniform traffic (no self), (N - d) / (N - 1) leaves
  // the leaf, so the leaf's u uplinks carry d x rate x (N - d) / (N - 1): the rate is at most
  // (u / d) x (N - 1) / (N - d) = 0.5 x 31 / 24 = 0.6458 of a link. Output-queued switches keep a loaded
  // uplink busy whenever it has work, so the fabric reaches the bound.
  const std::vector<std::string> oversubscribed = {
      "topology.oversubscription=2", "topology.radix=12", "switch.input_queue=fifo", "switch.arbiter=round_robin",
      "switch.output_queue=true", "switch.speedup=2", "switch.output_buffer=16KiB"};
  const json r = run_config(config_path(kClos), with(kSaturated, oversubscribed));
  const double bound = 4.0 / 8.0 * 31.0 / 24.0;
  const double accepted = r["accepted_throughput"].get<double>();
  std::cout << "2:1 Clos: accepted " << accepted << ", bisection bound " << bound << "\n";
  EXPECT_NEAR(accepted / bound, 1.0, 0.05);
  for (const auto& t : r["fabric"]["per_tier"]) {
    if (t["tier"] == "leaf-spine") {
      EXPECT_GE(t["utilization_mean"].get<double>(), 0.95);
    }
  }
}

TEST(Ecmp, SpreadsFlowsOverEqualCostPortsWithinTheBinomialTolerance) {
  // Every flow (source, destination, class) from leaf 0's endpoints to another leaf's, hashed at leaf 0.
  const FabricConfig config = load_fabric_config(config_path("validation/clos_two_tier_32.yaml"),
                                                 {"topology.routing=ecmp", "topology.radix=32",
                                                  "fabric.endpoints=256"});
  const GeneratedFabric g = generate_fabric(config);
  const auto routes = std::make_shared<const GraphRoutes>(g.graph);
  const auto ecmp = find_graph_routing("ecmp")->make(routes);
  Rng rng(1, "unused");
  std::map<uint32_t, uint64_t> per_port;
  uint64_t flows = 0;
  for (uint32_t source = 0; source < 16; ++source) {
    for (uint32_t destination = 16; destination < 256; ++destination) {
      for (uint16_t tc = 0; tc < 4; ++tc) {
        PacketInfo p;
        p.source = source, p.destination = destination, p.traffic_class = tc;
        std::vector<RouteChoice> out;
        ecmp->route(0, 0, 0, p, rng, out);
        ASSERT_EQ(out.size(), 1u);
        ++per_port[out[0].port];
        ++flows;
      }
    }
  }
  ASSERT_EQ(per_port.size(), 16u);  // all 16 uplinks used
  const double mean = double(flows) / 16, sigma = std::sqrt(flows * (1.0 / 16) * (15.0 / 16));
  for (const auto& [port, n] : per_port) EXPECT_LE(std::abs(double(n) - mean), 4 * sigma) << "port " << port;
}

TEST(Ecmp, PerFlowHashingKeepsOrderAndSprayingReordersAndCountsIt) {
  const json ecmp = run_config(config_path(kClos), {"topology.routing=ecmp", "workload.load=0.7"});
  EXPECT_TRUE(ecmp["reordering"]["order_guaranteed"].get<bool>());
  EXPECT_EQ(ecmp["integrity"]["out_of_order"], 0);
  const json spray = run_config(config_path(kClos), {"topology.routing=spray", "workload.load=0.7"});
  EXPECT_FALSE(spray["reordering"]["order_guaranteed"].get<bool>());
  EXPECT_GT(spray["reordering"]["reordered_packets"].get<uint64_t>(), 0u);
  EXPECT_EQ(spray["integrity"]["out_of_order"], 0);  // reordering is measured, not an integrity error
}

}  // namespace
}  // namespace snsim

namespace snsim {
namespace {

// P planes carry P times one plane's traffic at the same latency: the multi_plane generator with 1 and 4
// planes under the same per-link load. Throughput is reported as a fraction of an endpoint's links
// together, so equal fractions mean four times the bytes.
TEST(MultiPlane, PPlanesCarryPTimesOnePlanesTrafficAtTheSameLatency) {
  const std::vector<std::string> base = {"fabric.topology=multi_plane", "fabric.endpoints=16",
                                         "topology.radix=auto", "topology.routing=shortest_path",
                                         "endpoint.port_select=round_robin", "simulation.measure=20000cycles"};
  auto run = [&](int planes, const std::string& load) {
    std::vector<std::string> o = base;
    o.push_back("topology.planes=" + std::to_string(planes));
    o.push_back("workload.load=" + load);
    // The default fabric (NVLink-5 links, VOQ/iSLIP switch), its one switch replaced by planes.
    return run_config(config_path("default.yaml"), o);
  };
  const json one_idle = run(1, "0.002"), four_idle = run(4, "0.002");
  EXPECT_EQ(one_idle["network_latency"]["min"], four_idle["network_latency"]["min"]);
  const json one = run(1, "0.6"), four = run(4, "0.6");
  const double bytes_one = one["accepted_throughput"].get<double>() * 1, bytes_four = four["accepted_throughput"].get<double>() * 4;
  std::cout << "1 plane: accepted " << one["accepted_throughput"] << ", mean latency " << one["network_latency"]["mean"]
            << "; 4 planes: " << four["accepted_throughput"] << ", " << four["network_latency"]["mean"] << "\n";
  EXPECT_NEAR(bytes_four / bytes_one, 4.0, 4.0 * 0.02);
  EXPECT_NEAR(four["network_latency"]["mean"].get<double>(), one["network_latency"]["mean"].get<double>(),
              0.05 * one["network_latency"]["mean"].get<double>());
  EXPECT_EQ(four["fabric"]["switches"], 4);
  EXPECT_EQ(four["fabric"]["ports_per_endpoint"], 4);
  EXPECT_EQ(four["fabric"]["links"], 2 * 16 * 4);
}

}  // namespace
}  // namespace snsim
