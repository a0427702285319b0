// Optical circuit switch reconfiguration between phases of a run (adjacency fabrics with
// topology.ocs_phases). At each phase's start the controller holds injection at every router (packets
// from the endpoints wait unrouted at the router's local input, so the endpoints run out of credits),
// waits until the network has drained (every injected packet delivered or held), waits the OCS
// reconfiguration time, switches the routing tables to the new wiring, and releases injection.
#pragma once

#include <nlohmann/json.hpp>

#include <vector>

#include "models/core/clock_domain.h"
#include "models/router/routing.h"
#include "models/stats/fabric_stats.h"
#include "models/switch/switch_control.h"

namespace snsim {

class OcsController : public Component {
 public:
  // phase_starts[i]: the cycle phase i + 1 is due (phase 0 runs from cycle 0).
  OcsController(const sc_core::sc_module_name& name, ClockDomain& domain, std::vector<SwitchControl*> routers,
                PhasedTableRouting& routing, const FabricStats& stats, std::vector<uint64_t> phase_starts,
                uint64_t reconfiguration_cycles);
  void start();
  void step(uint64_t cycle) override;
  // Whether injection was held at any time after `cycle` (the watchdog must not call that a deadlock).
  bool held_since(uint64_t cycle) const { return state_ != State::Running || released_at_ > cycle; }
  // Per phase: when it was due, when injection was held, drained and released, and packets delivered.
  nlohmann::json report() const;

 private:
  enum class State { Running, Draining, Switching };
  struct Record {
    uint64_t due = 0, held = 0, drained = 0, started = 0;  // started: traffic resumed on the new wiring
    uint64_t delivered_before = 0;                          // stats.delivered when the phase started
  };
  static constexpr uint64_t kPollCycles = 16;  // how often a draining network is checked

  std::vector<SwitchControl*> routers_;
  PhasedTableRouting& routing_;
  const FabricStats& stats_;
  std::vector<uint64_t> starts_;
  uint64_t reconfiguration_;
  State state_ = State::Running;
  uint32_t next_ = 0;  // index into starts_ of the next phase change
  uint64_t released_at_ = 0;
  std::vector<Record> records_;
};

}  // namespace snsim
