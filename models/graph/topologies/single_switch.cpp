// Topology `single_switch`: every endpoint on one crossbar (endpoint e on port e), as each GPU of an
// NVL72 sees one NVSwitch chip. Ports beyond the endpoints (switch.ports larger) stay unused.
#include "models/graph/topologies/single_switch.h"

#include "models/fabric/fabric_config.h"
#include "models/graph/graph_routing.h"
#include "models/graph/topology_registry.h"

namespace snsim {
namespace {

void read(const ConfigSection& topology, const ConfigSection& fabric, FabricConfig&) {
  if (topology.node().IsDefined() && !topology.node().IsNull()) {
    fabric.fail("topology", "single_switch has no topology section (it describes the other kinds); remove it or "
                            "choose another fabric.topology (snsim list shows them)");
  }
}

GeneratedFabric generate(const FabricConfig& config) {
  GeneratedFabric out;
  FabricGraph& g = out.graph;
  const uint32_t n = config.fabric.endpoints;
  const uint32_t sw = g.add_switch("sw0", config.switch_params.ports);
  for (uint32_t e = 0; e < n; ++e) {
    const uint32_t ep = g.add_endpoint("ep" + std::to_string(e));
    g.connect({ep, 0}, {sw, e});
  }
  for (uint32_t p = n; p < config.switch_params.ports; ++p) g.mark_unused({sw, p});
  auto routes = std::make_shared<const GraphRoutes>(g);
  out.routes = routes;
  out.routing = find_graph_routing("shortest_path")->make(routes);
  return out;
}

void check(FabricConfig& config, const ConfigSection& sw) {
  SwitchParams& s = config.switch_params;
  const uint32_t n = config.fabric.endpoints;
  if (s.ports == 0) s.ports = n;
  if (s.ports < n) {
    sw.fail("ports", std::to_string(s.ports) + " ports cannot connect fabric.endpoints = " + std::to_string(n) +
                         " on a single switch (need >= " + std::to_string(n) + ", or auto for one per endpoint)");
  }
}

}  // namespace

uint64_t single_switch_zero_load_latency(const FabricConfig& config, uint32_t bytes) {
  return 2 * (config.link.serialization_cycles(bytes) + config.link.latency) + config.switch_params.latency;
}

SNSIM_REGISTER_TOPOLOGY({"single_switch", "Every endpoint on one crossbar switch", nullptr, &read, &generate, false, &check});

}  // namespace snsim
