// Where models report state changes for waveform tracing (`snsim run --vcd/--fst`; implemented in
// models/trace/waveform.h). A queue's or link's statistics object (and a switch input's flow control,
// for the per-VC occupancy) carries a hook pointer that is null unless the run traces that component, so
// with tracing off the cost is one predictable branch at each change, and no process, event or wake-up
// is added (measured in docs/user-guide.md, "Waveforms"). The hooks of link-level flow control
// (FlowControlTrace, VcQueueTrace) are declared with it, in models/core/flow_control_observer.h.
//
// Hooks report changes with the cycle (or fixed-point time) at which they take effect, which may lie
// after the current cycle (a credit that arrives later, a wire that frees up later), never before it.
#pragma once

#include <cstdint>
#include <string>

#include "models/core/flow_control_observer.h"

namespace snsim {

class QueueTrace {
 public:
  virtual ~QueueTrace() = default;
  virtual void change(uint64_t cycle, int64_t delta) = 0;
};

// A link: its wire, and its sender's flow control (the part the core declares, FlowControlTrace).
class LinkTrace : public FlowControlTrace {
 public:
  // The wire is busy over [start_fp, end_fp) (fixed-point cycles, LinkStats::kFractionBits).
  virtual void busy(uint64_t start_fp, uint64_t end_fp) = 0;
  // Packet `id` occupies the wire over [start_fp, end_fp) (its successful transmission).
  virtual void packet(uint64_t start_fp, uint64_t end_fp, uint64_t id) = 0;
};

// Signals a component drives itself, under a scope of their own: the ports of a Verilated RTL block
// running in the fabric (models/rtl_switch/rtl_crossbar_switch.*), on the same time base as everything else.
class SignalTrace {
 public:
  enum class Format { kBit, kCount, kDecimal, kHex };  // how GTKWave shows it: a bit, a step plot, numbers
  virtual ~SignalTrace() = default;
  // Before the run: declares a signal of `width` bits (1 to 64) at `initial`; returns its handle.
  virtual uint32_t declare(const std::string& name, unsigned width, Format format, uint64_t initial) = 0;
  // The signal holds `value` from `fp` on (fixed-point cycles, 16 fractional bits), not before now. Of two
  // values set for one time, the later call wins.
  virtual void set(uint64_t fp, uint32_t handle, uint64_t value) = 0;
};

// Hands out hooks for the queues and links a fabric registers (null for those not traced).
class TraceDirectory {
 public:
  virtual ~TraceDirectory() = default;
  virtual QueueTrace* queue(const std::string& name, const std::string& unit) = 0;
  virtual LinkTrace* link(const std::string& name) = 0;
  // Signals of `component` under the scope `scope` (null unless the component is traced).
  virtual SignalTrace* signals(const std::string& component, const std::string& scope) = 0;
};

}  // namespace snsim
