// The fabric builder: turns any valid fabric graph (models/graph/) into components and links. It is the
// only code that reads the graph to wire components; the topology generators only describe the graph.
//
// Construction order, which fixes every component's name, random stream and place in the clock
// domain's step order (so a config's report is the same whatever generator described it):
//   1. the switches and routers, in graph order;
//   2. the memory side (HBM controllers) for memory workloads;
//   3. the endpoints, in graph order;
//   4. the links, switch by switch and port by port: a port facing an endpoint makes the endpoint's
//      link to the switch and the switch's link back; a port facing another switch makes the link out
//      of this port (the way back is made at the peer's port); an unused port is closed;
//   5. the bindings into multi-sockets, which number ports by binding order: every switch's inputs and
//      every endpoint's ports, in port order.
#pragma once

#include <memory>
#include <vector>

#include "models/fabric/fabric.h"
#include "models/fabric/fabric_config.h"
#include "models/fabric/switch_impl.h"
#include "models/graph/topology_registry.h"

namespace snsim {

class PortTerminator;
class OcsController;

class GraphFabric : public FabricBase {
 public:
  GraphFabric(const FabricConfig& config, FabricStats& stats);
  ~GraphFabric() override;
  void start() override;
  nlohmann::json wait_for_cycle(uint64_t cycle) const override;
  bool held_traffic_since(uint64_t cycle) const override;
  nlohmann::json fabric_report() const override;
  uint32_t ports_per_endpoint() const override;

  const FabricGraph& graph() const { return generated_.graph; }

 private:
  const LinkParams& link_class(const FabricConfig& config, const std::string& name) const;

  GeneratedFabric generated_;
  std::vector<std::unique_ptr<SwitchPorts>> switches_;
  std::vector<std::unique_ptr<PortTerminator>> terminators_;
  std::unique_ptr<OcsController> ocs_;
};

// The generator's graph for a validated config, checked; a graph error becomes a ConfigError that names
// the config and the topology kind.
GeneratedFabric generate_fabric(const FabricConfig& config);
// The SystemC module name of a graph name (dots, the hierarchy separator of SystemC, become _).
std::string module_name(std::string graph_name);

}  // namespace snsim
