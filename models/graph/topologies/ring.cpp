// Topology `ring`: a ring of k routers (a 1-D torus): dimension order the short way round, dateline VCs.
#include "models/graph/topologies/direct_topology.h"

namespace snsim {
namespace {

void read(const ConfigSection& topology, const ConfigSection& fabric, FabricConfig& config) {
  read_direct_topology(topology, fabric, config, TopologyKind::Ring);
}

}  // namespace

SNSIM_REGISTER_TOPOLOGY({"ring", "A ring of chips, each with a router; dims: [k]", &topology_schema_ptr, &read, &generate_direct, true, &check_direct_topology});

}  // namespace snsim
