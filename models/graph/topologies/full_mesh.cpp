// Topology `full_mesh`: UB-Mesh style n-D full mesh: one direct hop per dimension, or detours through the line.
#include "models/graph/topologies/direct_topology.h"

namespace snsim {
namespace {

void read(const ConfigSection& topology, const ConfigSection& fabric, FabricConfig& config) {
  read_direct_topology(topology, fabric, config, TopologyKind::FullMesh);
}

}  // namespace

SNSIM_REGISTER_TOPOLOGY({"full_mesh", "An n-D full mesh of chips (every chip linked to every other of its line), each with a router", &topology_schema_ptr, &read, &generate_direct, true, &check_direct_topology});

}  // namespace snsim
