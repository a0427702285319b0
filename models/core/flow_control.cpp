#include "models/core/flow_control.h"

#include <stdexcept>
#include <string>

namespace snsim {

void TxFlowControl::configure(const FlowControlParams& params, uint32_t vcs, uint32_t credits_per_vc,
                              FlowControlObserver* observer) {
  mode_ = params.mode;
  reaction_ = params.pause_reaction;
  credits_.assign(vcs, credits_per_vc);
  paused_.assign(vcs, 0);
  paused_since_.assign(vcs, 0);
  observer_ = observer;
  if (FlowControlTrace* trace = this->trace()) trace->flow_control(mode_ == FlowControlMode::Credit, vcs, credits_per_vc);
}

void TxFlowControl::receive(uint64_t arrival, const FlowControlInfo& info) {
  // Pause and resume take effect after the sender's reaction time (it handles them in order, so a resume
  // never overtakes its pause); credits at once.
  const uint64_t effective = info.kind == FlowControlKind::Credit ? arrival : arrival + reaction_;
  if (!inbound_.empty() && effective < inbound_.back().first) {
    // Keep the queue ordered: a resume can never overtake an earlier pause of the same link.
    throw std::logic_error("flow-control messages out of order on one link");
  }
  inbound_.emplace_back(effective, info);
  if (FlowControlTrace* trace = this->trace()) trace->message(effective, info);
}

void TxFlowControl::apply(uint64_t cycle) {
  while (!inbound_.empty() && inbound_.front().first <= cycle) {
    const auto& [when, info] = inbound_.front();
    switch (info.kind) {
      case FlowControlKind::Credit:
        credits_[info.vc] += info.flits;
        break;
      case FlowControlKind::Pause:
        if (!paused_[info.vc]) paused_[info.vc] = 1, paused_since_[info.vc] = when;
        break;
      case FlowControlKind::Resume:
        if (paused_[info.vc]) {
          paused_[info.vc] = 0;
          if (observer_) observer_->add_pause(paused_since_[info.vc], when);
        }
        break;
    }
    inbound_.pop_front();
  }
}

void TxFlowControl::note_blocked_change(uint64_t cycle, bool blocked) {
  if (blocked) {
    blocked_since_ = cycle;
  } else {
    if (observer_) observer_->add_flow_control_stall(blocked_since_, cycle);
    blocked_since_ = kNever;
  }
}

void RxFlowControl::configure(FlowControlMode mode, uint32_t vcs, uint32_t capacity_per_vc, uint32_t xoff,
                              uint32_t xon, const char* owner) {
  mode_ = mode;
  capacity_ = capacity_per_vc;
  xoff_ = xoff;
  xon_ = xon;
  occupancy_.assign(vcs, 0);
  pause_sent_.assign(vcs, 0);
  owner_ = owner;
}

std::optional<FlowControlInfo> RxFlowControl::on_arrival(uint16_t vc, uint32_t flits) {
  occupancy_[vc] += flits;
  if (trace_) trace_->change(vc, flits);
  if (occupancy_[vc] > capacity_) {
    // Unreachable with a validated configuration: credits forbid it, and pause headroom is checked.
    throw std::logic_error(std::string(owner_) + ": buffer overflow on VC " + std::to_string(vc) + " (" +
                           std::to_string(occupancy_[vc]) + " > " + std::to_string(capacity_) +
                           " flits): flow control failed");
  }
  if (mode_ == FlowControlMode::Pause && !pause_sent_[vc] && occupancy_[vc] >= xoff_) {
    pause_sent_[vc] = 1;
    return FlowControlInfo{FlowControlKind::Pause, vc, 0};
  }
  return std::nullopt;
}

std::optional<FlowControlInfo> RxFlowControl::on_departure(uint16_t vc, uint32_t flits) {
  occupancy_[vc] -= flits;
  if (trace_) trace_->change(vc, -static_cast<int64_t>(flits));
  if (mode_ == FlowControlMode::Credit) return FlowControlInfo{FlowControlKind::Credit, vc, flits};
  if (pause_sent_[vc] && occupancy_[vc] <= xon_) {
    pause_sent_[vc] = 0;
    return FlowControlInfo{FlowControlKind::Resume, vc, 0};
  }
  return std::nullopt;
}

}  // namespace snsim
