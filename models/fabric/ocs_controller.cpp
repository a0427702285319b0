#include "models/fabric/ocs_controller.h"

#include <algorithm>

namespace snsim {

OcsController::OcsController(const sc_core::sc_module_name& name, ClockDomain& domain,
                             std::vector<SwitchControl*> routers, PhasedTableRouting& routing,
                             const FabricStats& stats, std::vector<uint64_t> phase_starts,
                             uint64_t reconfiguration_cycles)
    : Component(name, domain), routers_(std::move(routers)), routing_(routing), stats_(stats),
      starts_(std::move(phase_starts)), reconfiguration_(reconfiguration_cycles) {
  records_.push_back(Record{});  // phase 0: the initial wiring from cycle 0
}

void OcsController::start() {
  if (!starts_.empty()) wake_at(starts_[0]);
}

void OcsController::step(uint64_t cycle) {
  if (state_ == State::Running) {
    for (SwitchControl* r : routers_) r->hold_input(0, true);
    Record record;
    record.due = starts_[next_];
    record.held = cycle;
    records_.push_back(record);
    state_ = State::Draining;
  }
  if (state_ == State::Draining) {
    // Drained when every packet that left an endpoint has arrived, or waits unrouted at a held input.
    uint64_t held = 0;
    for (const SwitchControl* r : routers_) held += r->held_packets(0);
    if (stats_.injected - stats_.delivered != held) {
      wake_at(cycle + kPollCycles);
      return;
    }
    records_.back().drained = cycle;
    state_ = State::Switching;
    wake_at(cycle + std::max<uint64_t>(1, reconfiguration_));
    return;
  }
  // The new wiring is up: new routes, injection resumes.
  routing_.set_phase(next_ + 1);
  records_.back().started = cycle;
  records_.back().delivered_before = stats_.delivered;
  for (SwitchControl* r : routers_) r->hold_input(0, false);
  released_at_ = cycle;
  state_ = State::Running;
  if (++next_ < starts_.size()) wake_at(std::max(cycle + 1, starts_[next_]));
}

nlohmann::json OcsController::report() const {
  nlohmann::json phases = nlohmann::json::array();
  for (size_t i = 0; i < records_.size(); ++i) {
    const Record& r = records_[i];
    // A phase carries what is delivered from its start until the next phase starts (its own drain
    // included: nothing is injected during a reconfiguration, so those packets all used its wiring).
    const uint64_t end = i + 1 < records_.size() && records_[i + 1].started ? records_[i + 1].delivered_before
                                                                          : stats_.delivered;
    nlohmann::json p = {{"phase", i}, {"started_at_cycle", r.started}, {"packets_delivered", end - r.delivered_before}};
    if (i > 0) {
      if (!r.started) p["packets_delivered"] = 0;  // the run ended before this wiring came up
      p["due_at_cycle"] = r.due;
      p["held_cycles"] = r.started ? r.started - r.held : 0;
      p["drain_cycles"] = r.drained ? r.drained - r.held : 0;
      p["reconfiguration_cycles"] = r.started ? r.started - r.drained : 0;
      p["completed"] = r.started != 0;
    }
    phases.push_back(p);
  }
  return {{"reconfiguration_cycles", reconfiguration_}, {"phases", phases}};
}

}  // namespace snsim
