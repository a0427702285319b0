#include "models/sim/fabric_shape.h"

#include <algorithm>
#include <deque>

#include "models/fabric/graph_fabric.h"
#include "models/router/topology.h"

namespace snsim {
namespace {

// Node-to-node adjacency of the graph (one entry per edge and direction).
std::vector<std::vector<uint32_t>> neighbours(const FabricGraph& graph) {
  std::vector<std::vector<uint32_t>> next(graph.nodes().size());
  for (const GraphEdge& e : graph.edges()) {
    next[e.a.node].push_back(e.b.node);
    next[e.b.node].push_back(e.a.node);
  }
  return next;
}

// Links from `from` to every node (UINT32_MAX: unreachable).
std::vector<uint32_t> distances(const std::vector<std::vector<uint32_t>>& next, uint32_t from) {
  std::vector<uint32_t> d(next.size(), UINT32_MAX);
  std::deque<uint32_t> frontier{from};
  d[from] = 0;
  while (!frontier.empty()) {
    const uint32_t n = frontier.front();
    frontier.pop_front();
    for (uint32_t m : next[n]) {
      if (d[m] == UINT32_MAX) d[m] = d[n] + 1, frontier.push_back(m);
    }
  }
  return d;
}

uint32_t farthest_endpoint(const FabricGraph& graph, const std::vector<uint32_t>& d) {
  uint32_t worst = 0;
  for (uint32_t e : graph.endpoints()) {
    if (d[e] != UINT32_MAX) worst = std::max(worst, d[e]);
  }
  return worst;
}

// The switch-to-switch eccentricity of router 0 in one OCS phase's wiring, bounded as above.
uint32_t phase_route_links(uint32_t routers, const std::vector<std::pair<uint32_t, uint32_t>>& edges) {
  uint32_t worst = 0;
  for (uint32_t h : make_adjacency(routers, edges, 1.0).hop_counts_from(0)) {
    if (h != UINT32_MAX) worst = std::max(worst, h);
  }
  return 2 * worst + 2;  // any two routers within twice that; plus the two on-chip links
}

}  // namespace

FabricShape fabric_shape(const FabricConfig& config, const FabricGraph& graph) {
  FabricShape shape;
  shape.switches = static_cast<uint32_t>(graph.switches().size());
  shape.min_ports = shape.switches ? UINT32_MAX : 0;
  for (uint32_t s : graph.switches()) {
    const GraphNode& node = graph.node(s);
    shape.direct = shape.direct || node.role == NodeRole::Router;
    shape.min_ports = std::min(shape.min_ports, node.ports);
    shape.max_ports = std::max(shape.max_ports, node.ports);
  }
  const auto next = neighbours(graph);
  const uint64_t work = uint64_t(graph.endpoints().size()) * (graph.nodes().size() + 2 * graph.edges().size());
  uint32_t links = 0;
  if (graph.endpoints().empty()) {
  } else if (work <= kExactRouteWork) {
    for (uint32_t e : graph.endpoints()) links = std::max(links, farthest_endpoint(graph, distances(next, e)));
    shape.route_exact = true;
  } else {
    links = 2 * farthest_endpoint(graph, distances(next, graph.endpoints().front()));
  }
  const TopologySettings& t = config.topology;
  if (!t.ocs_phases.empty()) {
    links = std::max(links, phase_route_links(t.routers, t.edges));
    for (const OcsPhase& p : t.ocs_phases) links = std::max(links, phase_route_links(t.routers, p.edges));
    shape.route_exact = false;
  }
  if (shape.direct && (t.routing == RoutingAlgorithm::Valiant || t.routing == RoutingAlgorithm::Detour)) links *= 2;
  shape.route_links = links;
  return shape;
}

FabricShape fabric_shape(const FabricConfig& config) { return fabric_shape(config, generate_fabric(config).graph); }

std::string describe_shape(const FabricShape& shape) {
  if (shape.switches == 1) return "one " + std::to_string(shape.max_ports) + "-port " + (shape.direct ? "router" : "switch");
  const std::string ports = shape.min_ports == shape.max_ports
                                ? std::to_string(shape.max_ports)
                                : std::to_string(shape.min_ports) + " to " + std::to_string(shape.max_ports);
  return std::to_string(shape.switches) + (shape.direct ? " routers of " : " switches of ") + ports + " ports" +
         (shape.direct ? " (the endpoint's included)" : "");
}

}  // namespace snsim
