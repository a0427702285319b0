// The fabric builder for the single-switch topology: N endpoints, each with a link to and from one
// crossbar switch. This is the only code that knows how the components are wired.
#pragma once

#include <memory>
#include <vector>

#include "models/core/clock_domain.h"
#include "models/endpoint/accelerator_endpoint.h"
#include "models/fabric/fabric.h"
#include "models/fabric/fabric_config.h"
#include "models/link/link.h"
#include "models/stats/fabric_stats.h"
#include "models/fabric/switch_impl.h"
#include "models/switch/crossbar_switch.h"

namespace snsim {

class SingleSwitchFabric : public FabricBase {
 public:
  SingleSwitchFabric(const FabricConfig& config, FabricStats& stats);
  const std::vector<std::unique_ptr<AcceleratorEndpoint>>& endpoints() const { return endpoints_; }

  // Cycles from injection to tail delivery of a lone packet of `bytes` (no contention): the analytical
  // zero-load network latency, used by the validation tests as the twin of the simulated value.
  static uint64_t zero_load_latency(const FabricConfig& config, uint32_t bytes);

 private:
  std::unique_ptr<SwitchPorts> switch_;
};

}  // namespace snsim
