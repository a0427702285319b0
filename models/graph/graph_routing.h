// Routings of switched fabrics, registered by name (one file each under models/graph/routings/), over
// the shortest-path table of the graph (graph_routes.h). A packet keeps its VC end to end: switched
// fabrics use VCs for traffic and message classes, and shortest paths on the generators' graphs are
// up*/down*, so no VC is needed for deadlock freedom (the builder checks the channel dependencies of
// every graph it is given; deadlock_check.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "models/graph/graph_routes.h"
#include "models/router/routing.h"

namespace snsim {

struct GraphRoutingKind {
  std::string name;
  std::string summary;  // one line: what it chooses, and whether a flow stays in order
  std::unique_ptr<RoutingFunction> (*make)(std::shared_ptr<const GraphRoutes> routes) = nullptr;
  bool adaptive = false;  // re-chooses a blocked head's output: needs FIFO input queues
};

bool register_graph_routing(GraphRoutingKind kind);
const GraphRoutingKind* find_graph_routing(const std::string& name);
std::vector<std::string> graph_routing_names();
// "name: summary" lines, for schema descriptions.
std::string describe_graph_routings();

// What every graph routing shares: the table and the packet's VC kept.
class GraphRoutingFunction : public RoutingFunction {
 public:
  explicit GraphRoutingFunction(std::shared_ptr<const GraphRoutes> routes) : routes_(std::move(routes)) {}

 protected:
  // The equal-cost output ports toward the packet's destination; throws when there are none (a packet
  // routed off every path: a bug, not a user error, since the graph was validated).
  PortSpan ports(uint32_t router, const PacketInfo& packet) const;
  static RouteChoice keep_vc(uint32_t port, const PacketInfo& packet) {
    return RouteChoice{port, packet.vc, static_cast<uint16_t>(packet.vc + 1)};
  }
  std::shared_ptr<const GraphRoutes> routes_;
};

#define SNSIM_GRAPH_ROUTING_CONCAT2(a, b) a##b
#define SNSIM_GRAPH_ROUTING_CONCAT(a, b) SNSIM_GRAPH_ROUTING_CONCAT2(a, b)
#define SNSIM_REGISTER_GRAPH_ROUTING(...)                                                 \
  static const bool SNSIM_GRAPH_ROUTING_CONCAT(snsim_graph_routing_registered_, __LINE__) = \
      ::snsim::register_graph_routing(__VA_ARGS__)

}  // namespace snsim
