// The graph_file and hierarchical topology generators: the graph each makes for a small input (names,
// tags, port counts, edges), the errors for bad input (file:line:col and the names at fault), and runs
// of their shipped examples that deliver every packet and whose minimum network latency is the
// zero-load sum of the route's parts, computed here from the graph and the config.
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <filesystem>
#include <fstream>
#include <limits>

#include "models/fabric/graph_fabric.h"
#include "models/graph/topologies/direct_topology.h"
#include "tests/test_support.h"

namespace snsim {
namespace {

using nlohmann::json;
using test::config_path;
using test::run_config;

// A fresh directory under the test's temporary directory, with the given files written into it.
std::string write_files(const std::string& dir_name, const std::vector<std::pair<std::string, std::string>>& files) {
  const std::filesystem::path dir = std::filesystem::path(testing::TempDir()) / dir_name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (const auto& [name, text] : files) {
    std::ofstream out(dir / name);
    out << text;
  }
  return dir.string();
}

uint32_t node_named(const FabricGraph& g, const std::string& name) {
  for (uint32_t v = 0; v < g.nodes().size(); ++v) {
    if (g.node(v).name == name) return v;
  }
  ADD_FAILURE() << "no node " << name;
  return 0;
}

// The peer of (node, port) as "name.port".
std::string peer_of(const FabricGraph& g, const std::string& node, uint32_t port) {
  const PortAttachment& a = g.attachment({node_named(g, node), port});
  if (a.state != PortAttachment::State::Bound) return a.state == PortAttachment::State::Unused ? "unused" : "unbound";
  return g.node(a.peer.node).name + "." + std::to_string(a.peer.port);
}

// The message of the ConfigError that loading `path` throws ("" if it loads).
std::string load_error(const std::string& path, const std::vector<std::string>& overrides = {}) {
  try {
    load_fabric_config(path, overrides);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

// Zero-load latency of a lone packet of `bytes` from endpoint `src` to endpoint `dst`: over the fewest
// switches, each link's serialization and latency (its edge's length applied to its class, as the
// builder does) and each switch's pipeline, all store-and-forward (switch.switching default). Returns the
// smallest and largest sum over the equal-cost paths, and the switches crossed.
struct RouteLatency {
  uint64_t min = 0, max = 0;
  uint32_t switches = 0;
};

RouteLatency zero_load_route(const FabricConfig& config, const FabricGraph& g, uint32_t src, uint32_t dst, uint32_t bytes) {
  const uint32_t from = g.endpoints()[src], to = g.endpoints()[dst];
  const uint32_t none = std::numeric_limits<uint32_t>::max();
  std::vector<uint32_t> hops(g.nodes().size(), none);
  std::vector<uint64_t> low(g.nodes().size(), std::numeric_limits<uint64_t>::max()), high(g.nodes().size(), 0);
  std::deque<uint32_t> frontier{from};
  hops[from] = 0;
  low[from] = high[from] = 0;
  auto link_cycles = [&](const GraphEdge& e) {
    const LinkParams& base = e.link_class.empty() ? config.link : config.link_classes.at(e.link_class);
    const LinkParams lp = e.length_m ? with_length(base, *e.length_m, config.fabric.clock_hz) : base;
    return lp.serialization_cycles(bytes) + lp.latency;
  };
  while (!frontier.empty()) {  // breadth first, so a node's costs are final before it is expanded
    const uint32_t v = frontier.front();
    frontier.pop_front();
    if (v != from && g.is_endpoint(v)) continue;  // endpoints are no transit
    const uint64_t pipeline = g.is_endpoint(v) ? 0 : config.switch_params.latency;
    for (uint32_t p = 0; p < g.node(v).ports; ++p) {
      const PortAttachment& a = g.attachment({v, p});
      if (a.state != PortAttachment::State::Bound) continue;
      const uint32_t w = a.peer.node;
      if (hops[w] != none && hops[w] != hops[v] + 1) continue;
      if (hops[w] == none) {
        hops[w] = hops[v] + 1;
        frontier.push_back(w);
      }
      const uint64_t cost = pipeline + link_cycles(g.edges()[a.edge]);
      low[w] = std::min(low[w], low[v] + cost);
      high[w] = std::max(high[w], high[v] + cost);
    }
  }
  EXPECT_NE(hops[to], none) << g.node(to).name << " unreachable";
  return {low[to], high[to], hops[to] - 1};
}

// The smallest zero-load latency over the (source, destination) pairs a pattern makes, all equal-cost
// paths of each pair being equally long (else the minimum would depend on the routing's choices).
RouteLatency pattern_minimum(const FabricConfig& config, const FabricGraph& g,
                             const std::vector<std::pair<uint32_t, uint32_t>>& pairs, uint32_t bytes) {
  RouteLatency best{std::numeric_limits<uint64_t>::max(), 0, 0};
  for (const auto& [s, d] : pairs) {
    const RouteLatency r = zero_load_route(config, g, s, d, bytes);
    EXPECT_EQ(r.min, r.max) << "equal-cost paths of different length from " << s << " to " << d;
    if (r.min < best.min) best = r;
  }
  return best;
}

// ---------------------------------------------------------------------------------------------------
// graph_file

const char* kGraphConfig = R"(fabric:
  topology: graph_file
  endpoints: 3
topology:
  file: g.yml
link_classes:
  optics:
    latency: 20cycles
switch_classes:
  deep:
    input_buffer: 64KiB
workload:
  load: 0.1
)";

const char* kGraph = R"(nodes:
  - {name: row0.sw, role: switch, tier: leaf, ports: 5}
  - {name: spine, role: switch, tier: spine, plane: 2, group: [fabric], switch_class: deep}
  - {name: row0.npu0, role: endpoint}
  - {name: row0.npu1, role: endpoint}
  - {name: far.npu, role: endpoint}
edges:
  - [row0.npu1, row0.sw]
  - [row0.npu0, row0.sw.3]
  - [row0.sw, spine]
  - {a: spine, a_port: 0, b: far.npu, length: 7m, link_class: optics}
)";

TEST(GraphFile, BuildsTheNamedGraphWithPortsInEdgeOrder) {
  const std::string dir = write_files("graph_file_shape", {{"c.yaml", kGraphConfig}, {"g.yml", kGraph}});
  const FabricConfig config = load_fabric_config(dir + "/c.yaml", {});
  const GeneratedFabric f = generate_fabric(config);
  const FabricGraph& g = f.graph;
  ASSERT_EQ(g.nodes().size(), 5u);
  // Endpoints in file order, switches in file order.
  ASSERT_EQ(g.endpoints().size(), 3u);
  EXPECT_EQ(g.node(g.endpoints()[0]).name, "row0.npu0");
  EXPECT_EQ(g.node(g.endpoints()[1]).name, "row0.npu1");
  EXPECT_EQ(g.node(g.endpoints()[2]).name, "far.npu");
  EXPECT_EQ(g.node(g.switches()[0]).name, "row0.sw");
  EXPECT_EQ(g.node(g.switches()[1]).name, "spine");
  // Port counts: given (5), auto = edge ends (spine: 2; endpoints: 1).
  EXPECT_EQ(g.node(node_named(g, "row0.sw")).ports, 5u);
  EXPECT_EQ(g.node(node_named(g, "spine")).ports, 2u);
  EXPECT_EQ(g.node(node_named(g, "far.npu")).ports, 1u);
  // Ends without a port take the lowest port no edge names: npu1 -> 0, the spine edge -> 1 (3 is named).
  EXPECT_EQ(peer_of(g, "row0.sw", 0), "row0.npu1.0");
  EXPECT_EQ(peer_of(g, "row0.sw", 1), "spine.1");
  EXPECT_EQ(peer_of(g, "row0.sw", 3), "row0.npu0.0");
  EXPECT_EQ(peer_of(g, "row0.sw", 2), "unused");  // spare ports of a switch with ports given
  EXPECT_EQ(peer_of(g, "row0.sw", 4), "unused");
  EXPECT_EQ(peer_of(g, "spine", 0), "far.npu.0");
  // Tags: tier and plane as written; groups from the name's levels unless given.
  const GraphNode& leaf = g.node(node_named(g, "row0.sw"));
  EXPECT_EQ(leaf.tags.tier, "leaf");
  EXPECT_EQ(leaf.tags.group, std::vector<std::string>{"row0"});
  EXPECT_EQ(leaf.tags.plane, -1);
  const GraphNode& spine = g.node(node_named(g, "spine"));
  EXPECT_EQ(spine.tags.tier, "spine");
  EXPECT_EQ(spine.tags.plane, 2);
  EXPECT_EQ(spine.tags.group, std::vector<std::string>{"fabric"});
  EXPECT_EQ(spine.switch_class, "deep");
  EXPECT_EQ(leaf.switch_class, "");
  EXPECT_TRUE(g.node(node_named(g, "far.npu")).tags.group == std::vector<std::string>{"far"});
  // Edges in file order with their class and length.
  ASSERT_EQ(g.edges().size(), 4u);
  EXPECT_EQ(g.edges()[3].link_class, "optics");
  ASSERT_TRUE(g.edges()[3].length_m.has_value());
  EXPECT_DOUBLE_EQ(*g.edges()[3].length_m, 7.0);
  EXPECT_FALSE(g.edges()[0].length_m.has_value());
  EXPECT_EQ(g.edges()[0].link_class, "");
}

TEST(GraphFile, ReadsJsonAsTheSameGraph) {
  const char* json_graph = R"({"nodes": [{"name": "row0.sw", "role": "switch", "tier": "leaf", "ports": 5},
   {"name": "spine", "role": "switch", "tier": "spine", "plane": 2, "group": ["fabric"], "switch_class": "deep"},
   {"name": "row0.npu0", "role": "endpoint"}, {"name": "row0.npu1", "role": "endpoint"},
   {"name": "far.npu", "role": "endpoint"}],
 "edges": [["row0.npu1", "row0.sw"], ["row0.npu0", "row0.sw.3"], ["row0.sw", "spine"],
   {"a": "spine", "a_port": 0, "b": "far.npu", "length": "7m", "link_class": "optics"}]})";
  std::string config = kGraphConfig;
  config.replace(config.find("g.yml"), 5, "g.json");
  const std::string ydir = write_files("graph_file_yaml", {{"c.yaml", kGraphConfig}, {"g.yml", kGraph}});
  const std::string jdir = write_files("graph_file_json", {{"c.yaml", config}, {"g.json", json_graph}});
  const FabricGraph y = generate_fabric(load_fabric_config(ydir + "/c.yaml", {})).graph;
  const FabricGraph j = generate_fabric(load_fabric_config(jdir + "/c.yaml", {})).graph;
  ASSERT_EQ(y.nodes().size(), j.nodes().size());
  for (uint32_t v = 0; v < y.nodes().size(); ++v) {
    EXPECT_EQ(y.node(v).name, j.node(v).name);
    EXPECT_EQ(y.node(v).ports, j.node(v).ports);
    EXPECT_EQ(y.node(v).tags.group, j.node(v).tags.group);
    EXPECT_EQ(y.node(v).switch_class, j.node(v).switch_class);
    for (uint32_t p = 0; p < y.node(v).ports; ++p) EXPECT_EQ(peer_of(y, y.node(v).name, p), peer_of(j, j.node(v).name, p));
  }
}

struct BadGraph {
  std::string label;
  std::string graph;
  std::vector<std::string> expected;  // substrings; "@" stands for the graph file's path
};

TEST(GraphFile, ErrorsNameTheFilePositionAndTheNodeOrEdge) {
  const std::string three = "nodes:\n  - {name: s, role: switch}\n  - {name: a, role: endpoint}\n"
                            "  - {name: b, role: endpoint}\n  - {name: c, role: endpoint}\n";
  const std::vector<BadGraph> cases = {
      {"missing node", three + "edges:\n  - [a, s]\n  - [b, s]\n  - [c, t]\n",
       {"@:9:9: key 'edges[2][1]': no node named 't'", "(edge c - t)"}},
      {"missing node of a port", three + "edges:\n  - [a, s]\n  - [b, s]\n  - [c, sw.2]\n",
       {"@:9:9: key 'edges[2][1]': no node named 'sw'", "port 2 of node sw"}},
      {"port bound twice", three + "edges:\n  - [a, s.1]\n  - [b, s]\n  - [c, s.1]\n",
       {"@:9:9: key 'edges[2][1]': port s.1 is bound twice: also by edge a - s.1 at @:7:5", "(edge c - s.1)"}},
      {"unreachable endpoint",
       "nodes:\n  - {name: s, role: switch}\n  - {name: s2, role: switch}\n  - {name: a, role: endpoint}\n"
       "  - {name: b, role: endpoint}\n  - {name: c, role: endpoint}\nedges:\n  - [a, s]\n  - [b, s]\n  - [c, s2]\n",
       {"@:6:5: key 'nodes[4]': endpoint 'c' cannot reach 'a' through switches; unreachable: c"}},
      {"unknown key", "nodes:\n  - {name: s, role: switch, prots: 3}\n  - {name: a, role: endpoint}\n"
                      "  - {name: b, role: endpoint}\n  - {name: c, role: endpoint}\nedges:\n  - [a, s]\n  - [b, s]\n  - [c, s]\n",
       {"@:2:29: key 'nodes[0].prots': unknown key (did you mean 'ports'?)", "(node 's')"}},
      {"unknown key in an edge", three + "edges:\n  - [a, s]\n  - [b, s]\n  - {a: c, b: s, lenght: 3m}\n",
       {"@:9:18: key 'edges[2].lenght': unknown key (did you mean 'length'?)", "(edge c - s)"}},
      {"unknown top-level key", three + "edge:\n  - [a, s]\n", {"@:6:1: key 'edge': unknown key (did you mean 'edges'?)"}},
      {"no edges", three, {"@:1:1: missing required key 'edges'"}},
      {"self-loop", three + "edges:\n  - [a, s]\n  - [b, s]\n  - [c, s]\n  - [s.3, s.4]\n",
       {"@:10:5: key 'edges[3]': joins s to itself (edge s.3 - s.4)"}},
      {"endpoints joined", three + "edges:\n  - [a, s]\n  - [b, s]\n  - [c, b]\n",
       {"@:9:5: key 'edges[2]': joins two endpoints", "(edge c - b)"}},
      {"port out of range", three + "edges:\n  - [a, s]\n  - [b, s]\n  - [c, s.7]\n",
       {"@:9:9: key 'edges[2][1]': port 7 of 's' does not exist: it has 3 ports"}},
      {"endpoint with two edges", three + "edges:\n  - [a, s]\n  - [b, s]\n  - [c, s]\n  - [a, s]\n",
       {"@:3:5: key 'nodes[1]': endpoint 'a' has 2 edges; endpoints have 1 port for now"}},
      {"node without edges", three + "  - {name: lonely, role: switch}\nedges:\n  - [a, s]\n  - [b, s]\n  - [c, s]\n",
       {"@:6:5: key 'nodes[4]': switch 'lonely' has no edge"}},
      {"duplicate name", three + "  - {name: a, role: switch}\nedges:\n  - [a, s]\n",
       {"@:6:12: key 'nodes[4].name': two nodes are named 'a'; the first is at @:3:5"}},
      {"name read as a port", three + "  - {name: x.1, role: switch}\nedges:\n  - [a, s]\n",
       {"@:6:12: key 'nodes[4].name': 'x.1': the last level of a name cannot be a number"}},
      {"bad role", "nodes:\n  - {name: s, role: router}\nedges:\n  - [s, s]\n",
       {"@:2:21: key 'nodes[0].role': 'router' is not allowed; one of: endpoint, switch", "(node 's')"}},
      {"too many edges for the ports given", "nodes:\n  - {name: s, role: switch, ports: 2}\n  - {name: a, role: endpoint}\n"
                                             "  - {name: b, role: endpoint}\n  - {name: c, role: endpoint}\nedges:\n"
                                             "  - [a, s]\n  - [b, s]\n  - [c, s]\n",
       {"@:2:5: key 'nodes[0]': node 's' has ports: 2 but 3 edge ends"}},
      {"YAML syntax", "nodes: [\n", {"@:2:1: YAML syntax error"}},
  };
  for (const BadGraph& c : cases) {
    const std::string dir = write_files("graph_file_bad", {{"c.yaml", kGraphConfig}, {"g.yml", c.graph}});
    const std::string message = load_error(dir + "/c.yaml");
    ASSERT_FALSE(message.empty()) << c.label << ": accepted";
    for (std::string want : c.expected) {
      for (size_t at; (at = want.find('@')) != std::string::npos;) want.replace(at, 1, dir + "/g.yml");
      EXPECT_NE(message.find(want), std::string::npos) << c.label << ": expected '" << want << "' in\n" << message;
    }
  }
}

TEST(GraphFile, RefusesAnEndpointCountThatDiffersFromTheFile) {
  std::string config = kGraphConfig;
  config.replace(config.find("endpoints: 3"), 12, "endpoints: 4");
  const std::string dir = write_files("graph_file_count", {{"c.yaml", config}, {"g.yml", kGraph}});
  const std::string message = load_error(dir + "/c.yaml");
  EXPECT_NE(message.find(dir + "/c.yaml:3:14: key 'fabric.endpoints': 4 endpoints, but " + dir +
                         "/g.yml has 3 endpoint nodes (from 'row0.npu0' to 'far.npu'); set fabric.endpoints: 3"),
            std::string::npos)
      << message;
}

TEST(GraphFile, RefusesAMissingFileUnknownClassesSwitchPortsAndAdaptiveWithVoqs) {
  const std::string dir = write_files("graph_file_refusals", {{"c.yaml", kGraphConfig}, {"g.yml", kGraph}});
  const std::string missing = load_error(dir + "/c.yaml", {"topology.file=nowhere.yml"});
  EXPECT_NE(missing.find("key 'topology.file': " + dir + "/nowhere.yml: cannot open"), std::string::npos) << missing;
  // Classes the file names must be defined, each refused at its key.
  std::string graph = kGraph;
  graph.replace(graph.find("link_class: optics"), 18, "link_class: fibre");
  write_files("graph_file_refusals", {{"c.yaml", kGraphConfig}, {"g.yml", graph}});
  const std::string link = load_error(dir + "/c.yaml");
  EXPECT_NE(link.find(dir + "/g.yml:11:63: key 'edges[3].link_class': 'fibre' is not defined in link_classes"),
            std::string::npos)
      << link;
  graph = kGraph;
  graph.replace(graph.find("switch_class: deep"), 18, "switch_class: shallow");
  write_files("graph_file_refusals", {{"c.yaml", kGraphConfig}, {"g.yml", graph}});
  const std::string sw = load_error(dir + "/c.yaml");
  EXPECT_NE(sw.find(dir + "/g.yml:3:87: key 'nodes[1].switch_class': 'shallow' is not defined in switch_classes"),
            std::string::npos)
      << sw;
  graph = kGraph;
  graph.replace(graph.find("{name: far.npu, role: endpoint}"), 31, "{name: far.npu, role: endpoint, switch_class: deep}");
  write_files("graph_file_refusals", {{"c.yaml", kGraphConfig}, {"g.yml", graph}});
  const std::string endpoint = load_error(dir + "/c.yaml");
  EXPECT_NE(endpoint.find("key 'nodes[4].switch_class': an endpoint has no switch class (node 'far.npu')"),
            std::string::npos)
      << endpoint;
  write_files("graph_file_refusals", {{"c.yaml", kGraphConfig}, {"g.yml", kGraph}});
  // Each switch has the ports the file gives it: switch.ports stays auto.
  const std::string ports = load_error(dir + "/c.yaml", {"switch.ports=8"});
  EXPECT_NE(ports.find("key 'switch.ports': each switch's ports follow from the topology"), std::string::npos) << ports;
  const std::string adaptive = load_error(dir + "/c.yaml", {"topology.routing=adaptive"});
  EXPECT_NE(adaptive.find("key 'switch.input_queue': adaptive routing re-chooses the output"), std::string::npos) << adaptive;
  EXPECT_EQ(load_error(dir + "/c.yaml", {"topology.routing=adaptive", "switch.input_queue=fifo", "switch.arbiter=round_robin",
                                         "switch_classes.deep.input_queue=fifo", "switch_classes.deep.arbiter=round_robin"}),
            "");
  const std::string routing = load_error(dir + "/c.yaml", {"topology.routing=dor"});
  EXPECT_NE(routing.find("key 'topology.routing': 'dor' is not allowed"), std::string::npos) << routing;
}

TEST(GraphFile, AWiringWhoseShortestPathsCanDeadlockIsRefusedWhenBuilt) {
  // Five switches in a ring, an endpoint on each: shortest paths go two hops either way round, and the
  // channels of each direction wait for one another in a cycle (the builder's channel-dependency check).
  std::string graph = "nodes:\n";
  for (int i = 0; i < 5; ++i) {
    graph += "  - {name: s" + std::to_string(i) + ", role: switch}\n  - {name: e" + std::to_string(i) + ", role: endpoint}\n";
  }
  graph += "edges:\n";
  for (int i = 0; i < 5; ++i) {
    graph += "  - [e" + std::to_string(i) + ", s" + std::to_string(i) + "]\n  - [s" + std::to_string(i) + ", s" +
             std::to_string((i + 1) % 5) + "]\n";
  }
  std::string config = kGraphConfig;
  config.replace(config.find("endpoints: 3"), 12, "endpoints: 5");
  const std::string dir = write_files("graph_file_ring", {{"c.yaml", config}, {"g.yml", graph}});
  const FabricConfig c = load_fabric_config(dir + "/c.yaml", {});  // the file itself is well formed
  try {
    generate_fabric(c);
    ADD_FAILURE() << "a five-switch ring was accepted";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("shortest paths on this graph can deadlock"), std::string::npos) << e.what();
  }
  // Three switches in a ring (the example's triangle): every route crosses one switch-to-switch link at most.
  EXPECT_NO_THROW(generate_fabric(load_fabric_config(config_path("examples/graph_from_file.yaml"), {})));
}

// ---------------------------------------------------------------------------------------------------
// hierarchical

// 2 racks x 2 nodes x 2 NPUs: node switches with 2 uplinks over 2 rack switches, rack switches with
// 2 uplinks (auto: one to each pod switch) over 2 pod switches; the pod switch has a radix of 6 and its
// own class, its links from the racks another.
const char* kHierarchy = R"(fabric:
  topology: hierarchical
  endpoints: 8
topology:
  endpoint: npu
  levels:
    - {name: node, members: 2, uplinks: 2}
    - {name: rack, members: 2, switches: 2, link_length: 3m}
    - {name: pod, members: 2, switches: 2, radix: 6, link_length: 20m, link_class: optics, switch_class: deep}
workload:
  load: 0.1
link_classes:
  optics: {latency: 20cycles}
switch_classes:
  deep: {input_buffer: 64KiB}
)";

TEST(Hierarchical, NamesTagsPortsAndTheRoundRobinDeal) {
  const std::string dir = write_files("hierarchical_shape", {{"c.yaml", kHierarchy}});
  const FabricConfig config = load_fabric_config(dir + "/c.yaml", {});
  const FabricGraph g = generate_fabric(config).graph;
  // 8 endpoints, 4 node + 4 rack + 2 pod switches.
  ASSERT_EQ(g.endpoints().size(), 8u);
  ASSERT_EQ(g.switches().size(), 10u);
  // Endpoints in the order of their path: endpoint 5 is rack 1, node 0, NPU 1.
  EXPECT_EQ(g.node(g.endpoints()[0]).name, "pod0.rack0.node0.npu0");
  EXPECT_EQ(g.node(g.endpoints()[5]).name, "pod0.rack1.node0.npu1");
  EXPECT_EQ(g.node(g.endpoints()[7]).name, "pod0.rack1.node1.npu1");
  const GraphNode& npu = g.node(g.endpoints()[5]);
  EXPECT_EQ(npu.tags.group, (std::vector<std::string>{"pod0", "rack1", "node0"}));
  EXPECT_EQ(npu.tags.tier, "");
  EXPECT_EQ(npu.ports, 1u);
  // Switches: tier = level, group = the path of their group; ports = down + up (+ spare radix).
  const GraphNode& node_sw = g.node(node_named(g, "pod0.rack1.node0.sw0"));
  EXPECT_EQ(node_sw.tags.tier, "node");
  EXPECT_EQ(node_sw.tags.group, (std::vector<std::string>{"pod0", "rack1", "node0"}));
  EXPECT_EQ(node_sw.ports, 4u);  // 2 NPUs + 2 uplinks
  const GraphNode& rack_sw = g.node(node_named(g, "pod0.rack1.sw1"));
  EXPECT_EQ(rack_sw.tags.tier, "rack");
  EXPECT_EQ(rack_sw.tags.group, (std::vector<std::string>{"pod0", "rack1"}));
  EXPECT_EQ(rack_sw.ports, 4u);  // 2 nodes x 2 uplinks / 2 switches + 2 uplinks
  const GraphNode& pod_sw = g.node(node_named(g, "pod0.sw0"));
  EXPECT_EQ(pod_sw.tags.tier, "pod");
  EXPECT_EQ(pod_sw.tags.group, std::vector<std::string>{"pod0"});
  EXPECT_EQ(pod_sw.ports, 6u);  // radix 6: 2 racks x 2 x 2 / 2 = 4 down, 2 spare
  // Node level: NPUs on the node switch's first ports; its uplinks (ports 2, 3) dealt to rack sw0, sw1.
  EXPECT_EQ(peer_of(g, "pod0.rack1.node0.sw0", 0), "pod0.rack1.node0.npu0.0");
  EXPECT_EQ(peer_of(g, "pod0.rack1.node0.sw0", 1), "pod0.rack1.node0.npu1.0");
  EXPECT_EQ(peer_of(g, "pod0.rack1.node0.sw0", 2), "pod0.rack1.sw0.0");
  EXPECT_EQ(peer_of(g, "pod0.rack1.node0.sw0", 3), "pod0.rack1.sw1.0");
  EXPECT_EQ(peer_of(g, "pod0.rack1.node1.sw0", 3), "pod0.rack1.sw1.1");
  // Rack level: rack sw j's uplinks (ports 2, 3) go to pod sw0 and sw1, rack by rack.
  EXPECT_EQ(peer_of(g, "pod0.rack0.sw0", 2), "pod0.sw0.0");
  EXPECT_EQ(peer_of(g, "pod0.rack0.sw0", 3), "pod0.sw1.0");
  EXPECT_EQ(peer_of(g, "pod0.rack0.sw1", 2), "pod0.sw0.1");
  EXPECT_EQ(peer_of(g, "pod0.rack1.sw1", 3), "pod0.sw1.3");
  EXPECT_EQ(peer_of(g, "pod0.sw1", 4), "unused");
  EXPECT_EQ(peer_of(g, "pod0.sw1", 5), "unused");
  // Each level's links carry its length: NPU links the link section's, node-to-rack 3 m, rack-to-pod 20 m.
  auto length_at = [&](const std::string& node, uint32_t port) {
    return g.edges()[g.attachment({node_named(g, node), port}).edge].length_m;
  };
  EXPECT_FALSE(length_at("pod0.rack0.node0.sw0", 0).has_value());
  EXPECT_DOUBLE_EQ(length_at("pod0.rack0.node0.sw0", 2).value_or(-1), 3.0);
  EXPECT_DOUBLE_EQ(length_at("pod0.rack0.sw0", 2).value_or(-1), 20.0);
  auto class_at = [&](const std::string& node, uint32_t port) {
    return g.edges()[g.attachment({node_named(g, node), port}).edge].link_class;
  };
  EXPECT_EQ(class_at("pod0.rack0.sw0", 2), "optics");
  EXPECT_EQ(class_at("pod0.rack0.node0.sw0", 2), "");
  EXPECT_EQ(pod_sw.switch_class, "deep");
  EXPECT_EQ(rack_sw.switch_class, "");
  // 8 NPU links, 4 nodes x 2 node uplinks, 2 racks x 2 switches x 2 rack uplinks.
  EXPECT_EQ(g.edges().size(), 8u + 8u + 8u);
}

TEST(Hierarchical, ShortestPathsClimbToTheLowestCommonGroupOnly) {
  // Up*/down*: between two NPUs whose lowest common group is at level L, every shortest path crosses
  // 2L + 1 switches; the table agrees for a pair per level.
  const std::string dir = write_files("hierarchical_routes", {{"c.yaml", kHierarchy}});
  const FabricConfig config = load_fabric_config(dir + "/c.yaml", {});
  const FabricGraph g = generate_fabric(config).graph;
  EXPECT_EQ(zero_load_route(config, g, 0, 1, 256).switches, 1u);  // same node
  EXPECT_EQ(zero_load_route(config, g, 0, 2, 256).switches, 3u);  // same rack
  EXPECT_EQ(zero_load_route(config, g, 0, 7, 256).switches, 5u);  // across the pod
}

struct BadHierarchy {
  std::string label;
  std::vector<std::string> overrides;
  std::string expected;
};

TEST(Hierarchical, RefusesWhatDoesNotFitWithTheNumbers) {
  const std::string dir = write_files("hierarchical_bad", {{"c.yaml", kHierarchy}});
  const std::vector<BadHierarchy> cases = {
      {"switch.ports given", {"switch.ports=16"},
       "--set switch.ports=16: key 'switch.ports': each switch's ports follow from the topology"},
      {"unknown link class",
       {"topology.levels=[{name: node, members: 2, uplinks: 2}, {name: rack, members: 2, switches: 2, link_class: "
        "fibre}, {name: pod, members: 2, switches: 2}]"},
       "key 'topology.levels[1].link_class': 'fibre' is not defined in link_classes"},
      {"unknown switch class",
       {"topology.levels=[{name: node, members: 2, uplinks: 2, switch_class: big}, {name: rack, members: 4}]"},
       "key 'topology.levels[0].switch_class': 'big' is not defined in switch_classes"},
      {"level radix too small",
       {"topology.levels=[{name: node, members: 2, uplinks: 2}, {name: rack, members: 2, switches: 2, radix: 3}, "
        "{name: pod, members: 2, switches: 2}]"},
       "key 'topology.levels[1].radix': each switch of a rack needs 4 ports (2 to its 2 members + 2 uplinks), more "
       "than its radix of 3"},
      {"member cannot reach every switch",
       {"topology.levels=[{name: node, members: 2, uplinks: 1}, {name: rack, members: 2, switches: 2}, {name: pod, "
        "members: 2, switches: 2}]"},
       "key 'topology.levels[1].switches': each node has 1 uplink (1 switch x 1), fewer than the 2 switches of a "
       "rack: every member must reach every switch of its level"},
      {"several switches for one-port endpoints",
       {"topology.levels=[{name: node, members: 2, switches: 2}, {name: rack, members: 4}]"},
       "key 'topology.levels[0].switches': each npu has 1 port (endpoints have one port for now), fewer than the 2 "
       "switches of a node"},
      {"uneven deal",
       {"topology.levels=[{name: node, members: 2, uplinks: 3}, {name: rack, members: 1, switches: 2}, {name: pod, "
        "members: 4, switches: 1}]"},
       "key 'topology.levels[1].switches': 1 node x 3 uplinks (1 switch x 3) = 3 links do not spread evenly over "
       "2 switches"},
      {"endpoint count", {"fabric.endpoints=16"},
       "--set fabric.endpoints=16: key 'fabric.endpoints': 16 endpoints, but the levels give 2 x 2 x 2 = 8; set "
       "fabric.endpoints: 8"},
      {"uplinks at the top", {"topology.levels=[{name: node, members: 8}, {name: pod, members: 1, uplinks: 2}]"},
       "key 'topology.levels[1].uplinks': the top level (pod) has nothing above it"},
      {"unknown level key", {"topology.levels=[{name: node, members: 8, memebrs: 2}]"},
       "key 'topology.levels[0].memebrs': unknown key (did you mean 'members'?)"},
      {"duplicate level names", {"topology.levels=[{name: node, members: 2}, {name: node, members: 4}]"},
       "key 'topology.levels[1].name': two levels are named 'node'"},
      {"a level named like the switches", {"topology.levels=[{name: sw, members: 8}]"},
       "key 'topology.levels[0].name': 'sw' names the switches"},
      {"no levels", {"topology.levels=[]"}, "key 'topology.levels': expected a non-empty list of levels"},
      {"adaptive with VOQs", {"topology.routing=adaptive"},
       "key 'switch.input_queue': adaptive routing re-chooses the output of a blocked head packet"},
  };
  for (const BadHierarchy& c : cases) {
    const std::string message = load_error(dir + "/c.yaml", c.overrides);
    ASSERT_FALSE(message.empty()) << c.label << ": accepted";
    EXPECT_NE(message.find(c.expected), std::string::npos) << c.label << ": expected '" << c.expected << "' in\n" << message;
  }
  // Adaptive routing with FIFO inputs is accepted.
  EXPECT_EQ(load_error(dir + "/c.yaml", {"topology.routing=adaptive", "switch.input_queue=fifo", "switch.arbiter=round_robin"}), "");
}

TEST(Hierarchical, ErrorsInTheFileNameTheirLineAndColumn) {
  std::string config = kHierarchy;
  config.replace(config.find("radix: 6"), 8, "radix: 3");
  const std::string dir = write_files("hierarchical_position", {{"c.yaml", config}});
  const std::string message = load_error(dir + "/c.yaml");
  EXPECT_NE(message.find(dir + "/c.yaml:9:51: key 'topology.levels[2].radix': each switch of a pod needs 4 ports "
                               "(4 to its 2 members + 0 uplinks), more than its radix of 3"),
            std::string::npos)
      << message;
}

// ---------------------------------------------------------------------------------------------------
// The shipped examples

std::vector<std::pair<uint32_t, uint32_t>> pairs_of(const std::string& pattern, uint32_t n) {
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  for (uint32_t s = 0; s < n; ++s) {
    if (pattern == "uniform_no_self") {
      for (uint32_t d = 0; d < n; ++d) {
        if (d != s) pairs.emplace_back(s, d);
      }
    } else if (pattern == "bit_complement") {
      pairs.emplace_back(s, ~s & (n - 1));
    } else if (pattern == "tornado") {
      pairs.emplace_back(s, (s + (n + 1) / 2 - 1) % n);
    }
  }
  return pairs;
}

struct ExampleCase {
  std::string config;
  std::string pattern;
  uint32_t switches;  // on the route of the pattern's smallest zero-load latency
};

TEST(GraphGeneratorExamples, DeliverEveryPacket) {
  for (const std::string example : {"examples/graph_from_file.yaml", "examples/hierarchical_pod.yaml"}) {
    const json r = run_config(config_path(example), {"simulation.drain=all"});
    EXPECT_TRUE(r["drained"].get<bool>()) << example;
    EXPECT_GT(r["packets_created"].get<uint64_t>(), 1000u) << example;
    EXPECT_EQ(r["packets_created"], r["packets_delivered"]) << example;
    EXPECT_EQ(r["integrity"]["misrouted"], 0) << example;
    EXPECT_EQ(r["integrity"]["duplicates"], 0) << example;
    EXPECT_EQ(r["integrity"]["in_flight_at_end"], 0) << example;
    EXPECT_EQ(r["integrity"]["out_of_order"], 0) << example;  // ECMP keeps a flow on one path
    EXPECT_TRUE(r["deadlock"].is_null()) << example;
  }
}

TEST(GraphGeneratorExamples, MinimumLatencyIsTheZeroLoadSumOfTheRoute) {
  // One route per tier: uniform traffic's shortest route crosses one switch; tornado and bit complement
  // on the pod cross the rack (3 switches) and the pod (5); on the triangle tornado crosses two trays.
  const std::vector<ExampleCase> cases = {
      {"examples/graph_from_file.yaml", "uniform_no_self", 1},
      {"examples/graph_from_file.yaml", "tornado", 2},
      {"examples/hierarchical_pod.yaml", "uniform_no_self", 1},
      {"examples/hierarchical_pod.yaml", "tornado", 3},
      {"examples/hierarchical_pod.yaml", "bit_complement", 5},
  };
  for (const ExampleCase& c : cases) {
    const std::vector<std::string> o = {"workload.load=0.01", "workload.pattern=" + c.pattern,
                                        "simulation.measure=20000cycles"};
    const FabricConfig config = load_fabric_config(config_path(c.config), o);
    ASSERT_EQ(config.workload.sizes.size(), 1u);
    const uint32_t bytes = config.workload.sizes[0].bytes;
    const FabricGraph g = generate_fabric(config).graph;
    const RouteLatency expected = pattern_minimum(config, g, pairs_of(c.pattern, config.fabric.endpoints), bytes);
    EXPECT_EQ(expected.switches, c.switches) << c.config << " " << c.pattern;
    // Store-and-forward: (h + 1) links of serialization and latency plus h switch pipelines when the
    // links are alike; the examples' tiers have their own cable lengths, so the sum is per link.
    const json r = run_config(config_path(c.config), o);
    ASSERT_GT(r["network_latency"]["count"].get<uint64_t>(), 50u) << c.config << " " << c.pattern;
    EXPECT_EQ(r["network_latency"]["min"].get<uint64_t>(), expected.min) << c.config << " " << c.pattern;
    std::cout << c.config << " " << c.pattern << ": zero-load " << expected.min << " cycles over " << expected.switches
              << " switches, measured minimum " << r["network_latency"]["min"] << "\n";
  }
}

TEST(GraphGeneratorExamples, AllLinksAlikeGiveTheClosedForm) {
  // With one cable length everywhere the route's sum is (h + 1) x (serialization + link latency) + h x
  // switch latency: checked on the pod with every level's length set to the link section's 2 m.
  const std::vector<std::string> o = {
      "workload.load=0.01", "workload.pattern=bit_complement", "simulation.measure=20000cycles",
      "topology.levels=[{name: node, members: 8, uplinks: 4}, {name: rack, members: 4, switches: 2, uplinks: 4}, "
      "{name: pod, members: 2, switches: 2}]"};
  const FabricConfig config = load_fabric_config(config_path("examples/hierarchical_pod.yaml"), o);
  const uint64_t h = 5;
  const uint64_t closed = (h + 1) * (config.link.serialization_cycles(256) + config.link.latency) +
                          h * config.switch_params.latency;
  const json r = run_config(config_path("examples/hierarchical_pod.yaml"), o);
  EXPECT_EQ(r["network_latency"]["min"].get<uint64_t>(), closed);
  EXPECT_EQ(closed, 6u * (6 + 93) + 5u * 100);  // nvlink5 at 1 GHz: 272 B in 6 cycles, 93-cycle budget; 100 ns switches
}

}  // namespace
}  // namespace snsim
