// The shape of a configured fabric, from its graph (models/graph/): how many switches or routers, how
// many ports each has, and a bound on the links of the longest route. `snsim check` describes the
// fabric with it and the deadlock watchdog's `auto` (watchdog.h) scales with it.
#pragma once

#include <cstdint>
#include <string>

#include "models/fabric/fabric_config.h"
#include "models/graph/fabric_graph.h"

namespace snsim {

struct FabricShape {
  bool direct = false;        // switch-less: a router per chip
  uint32_t switches = 0;      // switches or routers
  uint32_t min_ports = 0;     // crossbar ports per switch or router, the endpoint's included
  uint32_t max_ports = 0;
  // Links (endpoint links included) on the longest route the routing may take between two endpoints:
  // exact for the shortest paths when the graph is small enough to search from every endpoint (at most
  // kExactRouteWork node and edge visits), else twice the eccentricity of endpoint 0 (every endpoint is
  // within that of every other). Doubled for the routings that take two minimal legs (valiant) or two
  // hops per dimension (detour); for an OCS schedule, the longest over its phases' wirings.
  uint32_t route_links = 0;
  bool route_exact = false;
};

constexpr uint64_t kExactRouteWork = 20'000'000;

FabricShape fabric_shape(const FabricConfig& config, const FabricGraph& graph);
// Generates the config's graph first (models/fabric/graph_fabric.h; its errors are ConfigErrors).
FabricShape fabric_shape(const FabricConfig& config);

// One phrase for `snsim check`: "one 16-port switch", "64 routers of 7 ports (the endpoint's included)",
// "48 switches of 16 to 32 ports".
std::string describe_shape(const FabricShape& shape);

}  // namespace snsim
