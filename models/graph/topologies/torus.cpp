// Topology `torus`: n-D torus with wrap links: dimension order with datelines, Valiant, minimal adaptive, or table (twisted).
#include "models/graph/topologies/direct_topology.h"

namespace snsim {
namespace {

void read(const ConfigSection& topology, const ConfigSection& fabric, FabricConfig& config) {
  read_direct_topology(topology, fabric, config, TopologyKind::Torus);
}

}  // namespace

SNSIM_REGISTER_TOPOLOGY({"torus", "An n-D torus of chips, each with a router (optionally in blocks joined by optical links, or twisted)", &topology_schema_ptr, &read, &generate_direct, true, &check_direct_topology});

}  // namespace snsim
