// What the switch-less (direct) topologies share: ring, mesh, torus, full mesh and adjacency each
// register themselves in their own file and use these. A router per chip with its endpoint on port 0,
// routers wired chip to chip as a Topology (models/router/topology.h) lists them; the routing functions
// of models/router/routing.h work on that Topology's router and port numbers, which the graph keeps.
#pragma once

#include <cstdint>

#include "models/core/config.h"
#include "models/core/params.h"
#include "models/graph/topology_registry.h"
#include "models/link/link.h"
#include "models/router/topology.h"

namespace snsim {

struct FabricConfig;
struct TopologySettings;

// The `topology` section's keys for every direct kind.
const Schema& topology_schema();

// Reads the `topology` section of a direct fabric of `kind` into config.topology, with every check
// that involves the fabric's size and VCs.
void read_direct_topology(const ConfigSection& topology, const ConfigSection& fabric, FabricConfig& config,
                          TopologyKind kind);
// switch.ports must stay auto; adaptive and detour routing need FIFO input queues.
void check_direct_topology(FabricConfig& config, const ConfigSection& switch_section);
inline const Schema* topology_schema_ptr() { return &topology_schema(); }
// The graph, routing and on-chip link class of a direct fabric.
GeneratedFabric generate_direct(const FabricConfig& config);

// Topology from the validated config (used by the generators and by tests).
Topology make_topology(const TopologySettings& settings);
// The parameters of a network link of `length_m` (its latency includes the flight).
LinkParams with_length(const LinkParams& base, double length_m, double clock_hz);
// The on-chip injection and ejection links between an endpoint and its router.
LinkParams local_link_params(const FabricConfig& config);
// Cycles from injection to tail delivery of a lone packet of `bytes` crossing `routers` routers
// (cut-through routers; all network links of length topology.link_length).
uint64_t direct_zero_load_latency(const FabricConfig& config, uint32_t routers, uint32_t bytes);

// The link class of the on-chip links in a direct fabric's graph.
inline const char* kOnChipLinkClass = "on_chip";

}  // namespace snsim
