// Link-level flow control, the two halves that sit at either end of a link.
//
// Credit mode (NVLink, UALink, Ethernet CBFC): the sender holds credits for the receiver's buffer per VC
// (in flits) and sends only when it has enough; the receiver returns them when a packet leaves its
// buffer. Nothing can overflow.
// Pause mode (Ethernet PFC, IEEE 802.1Qbb style): the sender sends freely until told to pause a VC; the
// receiver sends PAUSE when its occupancy reaches XOFF and RESUME when it falls to XON. The sender
// obeys each `reaction` cycles after it arrives (in order, so a resume never overtakes its pause). The configuration is refused unless the space above
// XOFF covers everything that can still arrive (headroom), so nothing is ever dropped; the receiver
// checks that at run time too.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "models/core/flow_control_observer.h"
#include "models/core/packet.h"
#include "models/core/ring_queue.h"

namespace snsim {

enum class FlowControlMode { Credit, Pause };

struct FlowControlParams {
  FlowControlMode mode = FlowControlMode::Credit;
  uint64_t pause_reaction = 0;  // cycles from a PAUSE's arrival to the sender stopping
};

// Sender side of one link (one egress port).
class TxFlowControl {
 public:
  // `observer` (null: none) accounts for the link: a LinkStats in a fabric.
  void configure(const FlowControlParams& params, uint32_t vcs, uint32_t credits_per_vc,
                 FlowControlObserver* observer);

  bool can_send(uint16_t vc, uint32_t flits) const {
    return mode_ == FlowControlMode::Credit ? credits_[vc] >= flits : !paused_[vc];
  }
  // Room downstream on `vc` in flits (pause mode: none while paused, else unbounded): adaptive routing
  // prefers the output with the most.
  uint64_t free_flits(uint16_t vc) const {
    if (mode_ == FlowControlMode::Credit) return credits_[vc];
    return paused_[vc] ? 0 : UINT32_MAX;
  }
  void on_send(uint16_t vc, uint32_t flits) {
    if (FlowControlTrace* trace = this->trace()) trace->sent(vc, flits);
    if (mode_ == FlowControlMode::Credit) credits_[vc] -= flits;
  }
  // A message arrives (through the link) at `arrival`; it takes effect when apply() reaches that cycle.
  void receive(uint64_t arrival, const FlowControlInfo& info);
  void apply(uint64_t cycle);
  uint64_t next_arrival() const { return inbound_.empty() ? kNever : inbound_.front().first; }

  // Stall accounting: the sender reports, on each step, whether it has a packet for this link that only
  // flow control holds back. Each stall ends up with the observer (the link's statistics count the cycles
  // inside their window).
  void note_blocked(uint64_t cycle, bool blocked) {
    if (blocked == (blocked_since_ != kNever)) return;  // no change: the common case, kept inline
    note_blocked_change(cycle, blocked);
  }
  // A stall noted on a step lasts until the next step of the sender, so the sender must step at every
  // cycle where it may begin or end (CrossbarSwitch::step says when) for the count to be exact.

 private:
  void note_blocked_change(uint64_t cycle, bool blocked);

  FlowControlMode mode_ = FlowControlMode::Credit;
  uint64_t reaction_ = 0;
  std::vector<uint32_t> credits_;
  std::vector<uint8_t> paused_;
  std::vector<uint64_t> paused_since_;
  RingQueue<std::pair<uint64_t, FlowControlInfo>> inbound_;
  // The link's waveform hook, null unless traced. Read through observer_ rather than held here: a pointer
  // more would grow the switch's per-output state and measurably slow its allocation loops.
  FlowControlTrace* trace() const { return observer_ ? observer_->flow_control_trace() : nullptr; }

  FlowControlObserver* observer_ = nullptr;
  uint64_t blocked_since_ = kNever;
};

// Receiver side of one link (one ingress buffer).
class RxFlowControl {
 public:
  // xoff/xon are used only in pause mode (flits per VC).
  void configure(FlowControlMode mode, uint32_t vcs, uint32_t capacity_per_vc, uint32_t xoff, uint32_t xon,
                 const char* owner);

  // A packet of `flits` enters / leaves the buffer of `vc`. Returns the message to send back, if any.
  std::optional<FlowControlInfo> on_arrival(uint16_t vc, uint32_t flits);
  std::optional<FlowControlInfo> on_departure(uint16_t vc, uint32_t flits);
  uint32_t vcs() const { return static_cast<uint32_t>(occupancy_.size()); }  // 0 until configured
  void set_trace(VcQueueTrace* trace) { trace_ = trace; }  // waveform tracing (null: off)

 private:
  FlowControlMode mode_ = FlowControlMode::Credit;
  uint32_t capacity_ = 0, xoff_ = 0, xon_ = 0;
  std::vector<uint32_t> occupancy_;
  std::vector<uint8_t> pause_sent_;
  const char* owner_ = "";
  VcQueueTrace* trace_ = nullptr;
};

}  // namespace snsim
