// Topology `adjacency`: any wiring given as router pairs; shortest-path tables.
#include "models/graph/topologies/direct_topology.h"

namespace snsim {
namespace {

void read(const ConfigSection& topology, const ConfigSection& fabric, FabricConfig& config) {
  read_direct_topology(topology, fabric, config, TopologyKind::Adjacency);
}

}  // namespace

SNSIM_REGISTER_TOPOLOGY({"adjacency", "Chips with routers wired as a list of edges (and optional optical circuit switch phases)", &topology_schema_ptr, &read, &generate_direct, true, &check_direct_topology});

}  // namespace snsim
