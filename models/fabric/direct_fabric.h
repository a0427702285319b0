// The fabric builder for direct (switch-less) topologies: one router per chip (a CrossbarSwitch with a
// routing function), its endpoint on port 0, and links between routers as the topology wires them, each
// with its own cable or fibre length.
#pragma once

#include <memory>
#include <vector>

#include "models/core/clock_domain.h"
#include "models/endpoint/accelerator_endpoint.h"
#include "models/fabric/fabric.h"
#include "models/fabric/fabric_config.h"
#include "models/link/link.h"
#include "models/router/routing.h"
#include "models/router/topology.h"
#include "models/stats/fabric_stats.h"
#include "models/switch/crossbar_switch.h"

namespace snsim {

class PortTerminator;
class OcsController;

class DirectFabric : public FabricBase {
 public:
  DirectFabric(const FabricConfig& config, FabricStats& stats);
  ~DirectFabric() override;
  nlohmann::json wait_for_cycle(uint64_t cycle) const override;
  void start() override;
  bool held_traffic_since(uint64_t cycle) const override;
  nlohmann::json fabric_report() const override;

  const Topology& topology() const { return topology_; }
  // Cycles from injection to tail delivery of a lone packet of `bytes` crossing `routers` routers
  // (cut-through routers; all network links of latency `link_latency`).
  static uint64_t zero_load_latency(const FabricConfig& config, uint32_t routers, uint32_t bytes);
  // The on-chip injection and ejection links between an endpoint and its router.
  static LinkParams local_link_params(const FabricConfig& config);

 private:
  Topology topology_;
  std::unique_ptr<RoutingFunction> routing_;
  std::vector<std::unique_ptr<CrossbarSwitch>> routers_;
  std::vector<std::unique_ptr<PortTerminator>> terminators_;
  std::unique_ptr<OcsController> ocs_;  // adjacency with ocs_phases
};

// Topology from the validated config (used by the builder and by tests).
Topology make_topology(const TopologySettings& settings);
// The parameters of a network link of `length_m` (its latency includes the flight).
LinkParams with_length(const LinkParams& base, double length_m, double clock_hz);

}  // namespace snsim
