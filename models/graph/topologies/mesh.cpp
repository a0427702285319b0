// Topology `mesh`: n-D mesh: dimension order, Valiant or minimal adaptive routing.
#include "models/graph/topologies/direct_topology.h"

namespace snsim {
namespace {

void read(const ConfigSection& topology, const ConfigSection& fabric, FabricConfig& config) {
  read_direct_topology(topology, fabric, config, TopologyKind::Mesh);
}

}  // namespace

SNSIM_REGISTER_TOPOLOGY({"mesh", "An n-D mesh of chips, each with a router; dims: [k0, k1, ...]", &topology_schema_ptr, &read, &generate_direct, true, &check_direct_topology});

}  // namespace snsim
