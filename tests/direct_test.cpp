// Switch-less (direct) fabrics: topologies, routing, latency against hop counts, throughput against the
// bisection bound (Dally and Towles 2004), and the deadlock watchdog.
#include <gtest/gtest.h>

#include <iostream>
#include <fstream>
#include <set>

#include "models/graph/topologies/direct_topology.h"
#include "tests/test_support.h"

namespace snsim {
namespace {

using nlohmann::json;
using test::config_path;
using test::run_config;

double mean_hops(const Topology& t) { return t.mean_distance(); }

TEST(Direct, TopologiesAreWiredSymmetrically) {
  for (const Topology& t : {make_grid(TopologyKind::Torus, {4, 4, 4}, 1, 1), make_grid(TopologyKind::Mesh, {8, 8}, 1, 1),
                            make_grid(TopologyKind::Torus, {2, 3}, 1, 1), make_full_mesh({8, 8}, 1),
                            make_adjacency(5, {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 0}, {0, 2}}, 1)}) {
    for (uint32_t r = 0; r < t.routers(); ++r) {
      for (uint32_t p = 1; p < t.ports[r].size(); ++p) {
        const TopologyPort& tp = t.ports[r][p];
        if (tp.peer == UINT32_MAX) continue;
        const TopologyPort& back = t.ports[tp.peer].at(tp.peer_port);
        ASSERT_EQ(back.peer, r) << "router " << r << " port " << p;
        ASSERT_EQ(back.peer_port, p) << "router " << r << " port " << p;
      }
    }
  }
  // Known sizes: a 4x4x4 torus has 64 x 6 links, an 8x8 mesh 2 x 2 x 8 x 7, a 2D 8x8 full mesh 64 x 14.
  EXPECT_EQ(make_grid(TopologyKind::Torus, {4, 4, 4}, 1, 1).links(), 64u * 6);
  EXPECT_EQ(make_grid(TopologyKind::Mesh, {8, 8}, 1, 1).links(), 2u * 2 * 8 * 7);
  EXPECT_EQ(make_full_mesh({8, 8}, 1).links(), 64u * 14);
  // Average distance of a k-ary n-cube with uniform traffic (self included): n k / 4 for even k.
  EXPECT_DOUBLE_EQ(mean_hops(make_grid(TopologyKind::Torus, {4, 4, 4}, 1, 1)), 3.0);
  // k-ary n-mesh: n (k^2 - 1) / (3k).
  EXPECT_DOUBLE_EQ(mean_hops(make_grid(TopologyKind::Mesh, {8, 8}, 1, 1)), 2 * 63.0 / 24);
}

TEST(Direct, ZeroLoadLatencyFollowsTheHopCount) {
  // A lone packet: 2 local links, (links - 2) network links, (links - 1) routers, one serialization.
  struct Case {
    std::string config;
    std::vector<std::string> overrides;
  };
  for (const Case& c : std::vector<Case>{{"presets/torus_4x4x4.yaml", {"workload.load=0.003"}},
                                         {"validation/mesh_8x8_uniform.yaml", {"workload.load=0.003"}},
                                         {"presets/full_mesh_8x8.yaml", {"workload.load=0.003"}}}) {
    FabricConfig config = load_fabric_config(config_path(c.config), c.overrides);
    json r = run_config(config_path(c.config), c.overrides);
    const uint32_t bytes = config.workload.sizes[0].bytes;
    // Latency is linear in hops, so without contention the mean obeys the same formula as each packet.
    const double links = r["hops"]["mean"].get<double>();
    const double routers = links - 1;
    const double slope = double(direct_zero_load_latency(config, 2, bytes)) -
                         double(direct_zero_load_latency(config, 1, bytes));
    const double expected_mean = double(direct_zero_load_latency(config, 1, bytes)) + (routers - 1) * slope;
    EXPECT_NEAR(r["network_latency"]["mean"].get<double>(), expected_mean, 0.01 * expected_mean) << c.config;
    EXPECT_EQ(r["network_latency"]["min"].get<uint64_t>(), direct_zero_load_latency(config, 1, bytes)) << c.config;
    // And the hop count matches the topology's average distance.
    const double expected_links = 2 + mean_hops(make_topology(config.topology));
    EXPECT_NEAR(links, expected_links, 0.03 * expected_links) << c.config;
    std::cout << c.config << ": mean links " << links << " (topology " << expected_links << "), latency "
              << r["network_latency"]["mean"] << " (formula " << expected_mean << ")\n";
  }
}

// Injection and ejection links at another rate than the network's (topology.local_bandwidth), and
// network links with protocol framing (NVLink: a 16 B header flit per packet) that the on-chip links do
// not have: the tail follows the head by the slowest link's serialization. Tornado on an 8-ring: every
// packet crosses 4 routers, so every packet's latency is the formula's.
TEST(Direct, ZeroLoadLatencyWithOnChipLinksOfAnotherRate) {
  const std::string ideal = "protocol: ideal\n  bandwidth: 16B/cycle\n  latency: 2cycles";
  for (const std::string& protocol : {std::string("ideal"), std::string("nvlink")}) {
    std::ifstream in(config_path("validation/ring_tornado_8.yaml"));
    std::stringstream text;
    text << in.rdbuf();
    std::string yaml = text.str();
    const size_t at = yaml.find(ideal);
    ASSERT_NE(at, std::string::npos);
    if (protocol != "ideal") yaml.replace(at, ideal.size(), "protocol: " + protocol);
    const std::string path = testing::TempDir() + "/ring_tornado_" + protocol + ".yaml";
    std::ofstream(path) << yaml;
    for (const std::string& local : std::vector<std::string>{"4B/cycle", "16B/cycle", "50B/cycle", "64B/cycle"}) {
      const std::vector<std::string> overrides = {
          "workload.process=bernoulli", std::string("workload.load=") + (local == "4B/cycle" ? "0.01" : "0.002"),
          "topology.local_bandwidth=" + local,
          "switch.input_buffer=2KiB",   "workload.packet_size=256B", "simulation.measure=50000cycles"};
      FabricConfig config = load_fabric_config(path, overrides);
      json r = run_config(path, overrides);
      const uint64_t expected = direct_zero_load_latency(config, 4, 256);
      EXPECT_EQ(r["hops"]["min"].get<double>(), 5.0) << local;  // links: 2 local + 3 network
      // The fastest packets met no other (at this load most do not: the median is the same).
      EXPECT_GE(r["network_latency"]["count"].get<uint64_t>(), 5u) << local << " " << protocol;
      EXPECT_EQ(r["network_latency"]["min"].get<uint64_t>(), expected) << local << " " << protocol;
      EXPECT_EQ(r["network_latency"]["p50"].get<uint64_t>(), expected) << local << " " << protocol;
      std::cout << protocol << ", local " << local << ": latency min " << r["network_latency"]["min"] << ", median "
                << r["network_latency"]["p50"] << " of " << r["network_latency"]["count"] << " packets (formula "
                << expected << ")\n";
    }
  }
}

TEST(Direct, UniformSaturationStaysUnderTheBisectionBound) {
  // Dally and Towles 2004, sec. 3.3: uniform traffic saturates a k-ary n-mesh at 4/k and a k-ary n-cube
  // at 8/k of the injection bandwidth (capped at 1), for channels as fast as injection.
  const std::string path = config_path("validation/mesh_8x8_uniform.yaml");
  const std::vector<std::string> saturated = {"workload.process=saturated", "workload.load=1"};
  json mesh = run_config(path, saturated);
  std::vector<std::string> torus = saturated;
  torus.push_back("fabric.topology=torus");
  json tor = run_config(path, torus);
  const double m = mesh["accepted_throughput"].get<double>(), t = tor["accepted_throughput"].get<double>();
  std::cout << "8x8 mesh DOR: " << m << " of bound 0.5; 8x8 torus DOR: " << t << " of bound 1.0\n";
  EXPECT_LE(m, 0.5);
  EXPECT_GE(m, 0.75 * 0.5);  // dimension order reaches about 80 % of the mesh bound here
  EXPECT_LE(t, 1.0);
  EXPECT_GE(t, 0.40);        // with one-packet-deep VC buffers and dateline classes
  EXPECT_GT(t, m);           // the wrap links double the bisection
}

TEST(Direct, TornadoOnARingIsBoundedByItsPathLength) {
  // Tornado sends every chip 3 places ahead on an 8-ring: each + link carries 3 flows, so minimal
  // routing can accept at most 1/3 of the injection bandwidth (Dally and Towles 2004, sec. 3.3.2).
  const std::vector<std::string> bernoulli = {"switch.input_buffer=4KiB", "workload.process=bernoulli"};
  auto accepted = [&](const std::string& load) {
    std::vector<std::string> o = bernoulli;
    o.push_back("workload.load=" + load);
    json r = run_config(config_path("validation/ring_tornado_8.yaml"), o);
    EXPECT_TRUE(r["deadlock"].is_null());
    return std::make_pair(r["offered_throughput"].get<double>(), r["accepted_throughput"].get<double>());
  };
  const auto [offered_low, accepted_low] = accepted("0.25");
  EXPECT_NEAR(accepted_low, offered_low, 0.005) << "below the bound the ring carries what is offered";
  const auto [offered_high, accepted_high] = accepted("0.4");
  EXPECT_LE(accepted_high, 1.0 / 3 + 0.002) << "above it, never more than the bound";
  std::cout << "8-ring tornado, minimal routing: offered " << offered_low << " -> " << accepted_low << ", offered "
            << offered_high << " -> " << accepted_high << " (bound 1/3)\n";
}

TEST(Direct, ValiantCarriesTornadoWhereMinimalRoutingSaturates) {
  // Valiant routing spreads any pattern over random intermediates (about half the uniform capacity,
  // 0.5 on this ring), so tornado at 0.3 is carried; minimal routing is already past its saturation
  // point there (bound 1/3, reached only approximately). Four VCs: two phases x two dateline classes.
  auto run = [&](const std::string& routing) {
    json r = run_config(config_path("validation/ring_tornado_8.yaml"),
                        {"switch.input_buffer=4KiB", "workload.process=bernoulli", "workload.load=0.3", "fabric.vcs=4",
                         "topology.routing=" + routing});
    EXPECT_TRUE(r["deadlock"].is_null()) << routing;
    // Valiant picks a path per packet, so a flow's packets can overtake each other; minimal routing keeps order.
    if (routing == "dor") {
      EXPECT_EQ(r["integrity"]["out_of_order"], 0);
    }
    return std::make_pair(r["offered_throughput"].get<double>(), r["accepted_throughput"].get<double>());
  };
  const auto [offered_v, valiant] = run("valiant");
  const auto [offered_m, minimal] = run("dor");
  std::cout << "8-ring tornado at 0.3: valiant " << valiant << ", minimal " << minimal << "\n";
  EXPECT_GE(valiant, 0.99 * offered_v);
  EXPECT_LT(minimal, 0.9 * offered_m);
}

TEST(Direct, RingWithoutDatelinesDeadlocksAndTheWatchdogNamesTheCycle) {
  json dead = run_config(config_path("validation/ring_tornado_8.yaml"),
                         {"topology.datelines=false", "fabric.vcs=1", "switch.input_buffer=64B"});
  ASSERT_FALSE(dead["deadlock"].is_null());
  const json& cycle = dead["deadlock"]["wait_for_cycle"];
  ASSERT_TRUE(cycle.is_array());
  std::set<uint32_t> routers;
  for (const auto& n : cycle) routers.insert(n["router"].get<uint32_t>());
  EXPECT_EQ(routers.size(), 8u) << cycle.dump();  // every router of the ring waits on the next
  EXPECT_GT(dead["deadlock"]["packets_in_flight"].get<uint64_t>(), 0u);
  // The same ring with dateline VC classes delivers everything.
  json clean = run_config(config_path("validation/ring_tornado_8.yaml"),
                          {"switch.input_buffer=64B", "simulation.drain=all", "simulation.drain_limit=1000000cycles"});
  EXPECT_TRUE(clean["deadlock"].is_null());
  EXPECT_TRUE(clean["drained"].get<bool>());
  EXPECT_EQ(clean["packets_created"], clean["packets_delivered"]);
}

TEST(Direct, PresetsRunEveryPatternWithoutDeadlock) {
  for (const std::string preset : {"presets/torus_4x4x4.yaml", "presets/torus_8x8.yaml", "presets/full_mesh_8x8.yaml"}) {
    for (const std::string pattern : {"uniform", "transpose", "tornado"}) {
      if (pattern == "transpose" && preset == "presets/torus_8x8.yaml") continue;  // 64 = 4^3 works for all three
      json r = run_config(config_path(preset), {"workload.pattern=" + pattern, "workload.load=0.2",
                                                "simulation.measure=4000cycles", "simulation.drain=all"});
      EXPECT_TRUE(r["deadlock"].is_null()) << preset << " " << pattern;
      EXPECT_TRUE(r["drained"].get<bool>()) << preset << " " << pattern;
      EXPECT_EQ(r["packets_created"], r["packets_delivered"]) << preset << " " << pattern;
      EXPECT_EQ(r["integrity"]["out_of_order"], 0) << preset << " " << pattern;
    }
  }
}

TEST(Direct, AdjacencyUsesShortestPaths) {
  // A 6-chip ring with two chords, wired by hand.
  const std::string yaml_path = testing::TempDir() + "adjacency.yaml";
  {
    std::ofstream out(yaml_path);
    out << "fabric:\n  topology: adjacency\n  endpoints: 6\ntopology:\n  edges: [[0,1],[1,2],[2,3],[3,4],[4,5],[5,0],[0,3],[1,4]]\n"
           "link:\n  protocol: ideal\nswitch:\n  switching: cut_through\n  input_queue: fifo\n  arbiter: round_robin\n"
           "  latency: 5ns\nworkload:\n  load: 0.2\nsimulation:\n  drain: all\n";
  }
  FabricConfig config = load_fabric_config(yaml_path, {});
  json r = run_config(yaml_path);
  EXPECT_EQ(r["packets_created"], r["packets_delivered"]);
  const double expected_links = 2 + mean_hops(make_topology(config.topology));
  EXPECT_NEAR(r["hops"]["mean"].get<double>(), expected_links, 0.05);
  uint32_t diameter = 0;
  Topology t = make_topology(config.topology);
  for (uint32_t a = 0; a < t.routers(); ++a) {
    for (uint32_t h : t.hop_counts_from(a)) diameter = std::max(diameter, h);
  }
  EXPECT_EQ(diameter, 3u);
  EXPECT_LE(r["hops"]["max"].get<uint64_t>(), 2u + diameter);  // shortest paths only
}

TEST(Direct, ConfigurationErrorsNameTheKey) {
  auto error_of = [](const std::vector<std::string>& o) -> std::string {
    try {
      load_fabric_config(config_path("presets/torus_4x4x4.yaml"), o);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "(no error)";
  };
  EXPECT_NE(error_of({"topology.dims=[4,4,3]"}).find("key 'topology.dims': the dimensions give 48 chips but fabric.endpoints is 64"), std::string::npos);
  EXPECT_NE(error_of({"fabric.vcs=1"}).find("key 'topology.datelines': dateline routing needs two VC classes"), std::string::npos);
  EXPECT_NE(error_of({"switch.ports=7"}).find("key 'switch.ports': a router's ports follow from the topology"), std::string::npos);
  EXPECT_NE(error_of({"topology.dims=[4,x,4]"}).find("each radix must be a whole number"), std::string::npos);
  EXPECT_NE(error_of({"topology.edges=[[0,1]]"}).find("key 'topology.edges': edges describe adjacency fabrics"), std::string::npos);
  EXPECT_NE(error_of({"topology.block=3"}).find("multiple of the block"), std::string::npos);
  EXPECT_NE(error_of({"topology.routing=valiant"}).find("key 'topology.routing': valiant routing needs its two phases on separate VCs"), std::string::npos);
}

}  // namespace
}  // namespace snsim
