// The memory half of a memory-semantic fabric: one HBM controller per accelerator in an HBM clock domain
// of its own, the global address map, and a probe that records every channel's counters over the
// measurement window into FabricStats. Fabric builders own one and bind each controller to its
// accelerator's MemoryEndpoint.
#pragma once

#include <memory>
#include <vector>

#include "models/core/clock_domain.h"
#include "models/endpoint/memory_workload.h"
#include "models/hbm/hbm_config.h"
#include "models/hbm/hbm_controller.h"
#include "models/stats/fabric_stats.h"

namespace snsim {

class HbmWindowProbe;

class MemorySide {
 public:
  // `fabric_domain` is the fabric's reference clock (the window is in its cycles).
  MemorySide(const hbm::HbmConfig& cfg, uint32_t accelerators, const ClockDomain& fabric_domain, FabricStats& stats);
  ~MemorySide();

  const GlobalAddressMap& map() const { return map_; }
  hbm::HbmController& controller(uint32_t accelerator) { return *controllers_[accelerator]; }
  ClockDomain& domain() { return *domain_; }
  void start();   // after elaboration: refresh timers and the window probe
  void finish();  // end of the run: closes the window's channel records if the probe could not

 private:
  GlobalAddressMap map_;
  std::unique_ptr<ClockDomain> domain_;
  std::vector<std::unique_ptr<hbm::HbmController>> controllers_;
  std::unique_ptr<HbmWindowProbe> probe_;
  FabricStats& stats_;
};

}  // namespace snsim
