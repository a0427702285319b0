// What link-level flow control (flow_control.h) reports, and to whom. The core declares these
// interfaces so that it depends on nothing above it: the statistics layer implements FlowControlObserver
// (LinkStats, models/stats/link_stats.h) and decides what counts (its measurement window), and the
// waveform recorder implements the trace hooks (models/trace/waveform.*).
#pragma once

#include <cstdint>

namespace snsim {

struct FlowControlInfo;

// The sender side's waveform hook: its flow control is declared once, then every send (at the current
// cycle) and every message from the receiver (at the cycle it takes effect) is reported.
class FlowControlTrace {
 public:
  virtual ~FlowControlTrace() = default;
  virtual void flow_control(bool credits, uint32_t vcs, uint32_t credits_per_vc) = 0;
  virtual void sent(uint16_t vc, uint32_t flits) = 0;
  virtual void message(uint64_t effective_cycle, const FlowControlInfo& info) = 0;
};

// A receive buffer's occupancy per VC (flits), changed at the current cycle.
class VcQueueTrace {
 public:
  virtual ~VcQueueTrace() = default;
  virtual void change(uint16_t vc, int64_t delta) = 0;
};

// Where a sender's flow control accounts for its link: the spans of cycles [from, to) in which it held a
// packet back for want of credits, and those in which the receiver had paused it.
class FlowControlObserver {
 public:
  virtual void add_flow_control_stall(uint64_t from, uint64_t to) = 0;
  virtual void add_pause(uint64_t from, uint64_t to) = 0;

  // The link's waveform hook, null unless the run traces it. A plain member, not a virtual call: flow
  // control asks for it on every send and every message.
  FlowControlTrace* flow_control_trace() const { return flow_control_trace_; }

 protected:
  ~FlowControlObserver() = default;  // never owned through this interface
  void set_flow_control_trace(FlowControlTrace* trace) { flow_control_trace_ = trace; }

 private:
  FlowControlTrace* flow_control_trace_ = nullptr;
};

}  // namespace snsim
