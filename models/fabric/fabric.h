// What a run needs from a built fabric, whatever its topology. The builder (graph_fabric.h) is the
// only code that knows how components are wired.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <memory>
#include <vector>

#include "models/core/clock_domain.h"
#include "models/endpoint/accelerator_endpoint.h"
#include "models/endpoint/memory_endpoint.h"
#include "models/fabric/memory_side.h"
#include "models/link/link.h"
#include "models/switch/crossbar_switch.h"

namespace snsim {

struct FabricConfig;
class FabricStats;

class Fabric {
 public:
  virtual ~Fabric() = default;
  virtual void start() = 0;  // schedules the first events (after elaboration)
  virtual ClockDomain& domain() = 0;
  virtual size_t payloads_allocated() const = 0;
  // End of the run, before the report: components close what they record (e.g. the HBM window probe).
  virtual void finish() {}
  // A cycle of buffers that wait on each other (for the no-progress watchdog), or null if none is found.
  virtual nlohmann::json wait_for_cycle(uint64_t /*cycle*/) const { return nullptr; }
  // Whether the fabric deliberately held traffic at any time after `cycle` (an optical circuit
  // reconfiguration): no deliveries then are not a deadlock.
  virtual bool held_traffic_since(uint64_t /*cycle*/) const { return false; }
  // Fabric-specific results for the report (e.g. {"ocs": ...}), merged into it; null if none.
  virtual nlohmann::json fabric_report() const { return nullptr; }
  // Links of the endpoint with the most: throughput is a fraction of what an endpoint's links carry.
  virtual uint32_t ports_per_endpoint() const { return 1; }
};

std::unique_ptr<Fabric> build_fabric(const FabricConfig& config, FabricStats& stats);

// What every builder shares: the clock domain, the endpoints and the links they own, and the contexts
// that tell endpoints and switches about the fabric they sit in.
class FabricBase : public Fabric {
 public:
  ~FabricBase() override;

 protected:
  // Destroys links, endpoints and the memory side newest first (SystemC's registries remove in O(1)
  // that way); a builder calls it before destroying what it created before them.
  void destroy_components();

 public:
  void start() override;
  ClockDomain& domain() override { return *domain_; }
  size_t payloads_allocated() const override;
  void finish() override;

 protected:
  static EndpointContext endpoint_context(const FabricConfig& config, const FabricStats& stats);
  static SwitchContext switch_context(const FabricConfig& config);

  std::unique_ptr<ClockDomain> domain_;
  std::vector<std::unique_ptr<AcceleratorEndpoint>> endpoints_;
  // Memory workloads: one MemoryEndpoint per accelerator instead, and their HBM stacks.
  std::vector<std::unique_ptr<MemoryEndpoint>> memory_endpoints_;
  std::unique_ptr<MemorySide> memory_;
  std::vector<std::unique_ptr<Link>> links_;
};

}  // namespace snsim
