// A clock domain steps the components that have work on a cycle, and only those.
//
// Why: a SystemC process (or a per-component clocked method) per component costs ~25x more per
// activation than calling the active components from one process per domain
// (../shared/reference/toolchain-facts.md). So each domain owns one SC_METHOD; components ask to be
// woken at a future cycle (wake_at), the domain keeps those requests in a calendar and, at each cycle
// that has requests, calls step() on each requesting component once, in registration order. A cycle
// with no requests costs nothing: the method is notified directly for the next busy cycle.
//
// The calendar is a timing wheel: one bucket per cycle for the next kWheel cycles (almost every request
// is a few cycles ahead: a pipeline stage, a link, a credit), and a heap for the rest. A request costs a
// push_back; finding the next busy cycle is a scan of a bit set of non-empty buckets.
#pragma once

#include <systemc>

#include <cstdint>
#include <queue>
#include <vector>

#include "models/core/bit_set.h"

namespace snsim {

class Component;

class ClockDomain : public sc_core::sc_module {
 public:
  ClockDomain(const sc_core::sc_module_name& name, double frequency_hz);

  double frequency_hz() const { return frequency_hz_; }
  const sc_core::sc_time& period() const { return period_; }
  uint64_t period_ticks() const { return period_ticks_; }

  // The cycle being stepped (inside step()) or the first cycle edge at or after the current time.
  uint64_t now() const;
  // The first edge at or after `t`.
  uint64_t cycle_at_or_after(const sc_core::sc_time& t) const;
  // The first edge at or after now + `delay` (the cycle a TLM call annotated with `delay` takes effect).
  // Inside a step the current time is the edge being stepped, so no kernel call is needed.
  uint64_t cycle_after(const sc_core::sc_time& delay) const {
    if (in_tick_) return current_ + (delay.value() + period_ticks_ - 1) / period_ticks_;
    return cycle_at_or_after(sc_core::sc_time_stamp() + delay);
  }
  sc_core::sc_time time_of(uint64_t cycle) const { return period_ * static_cast<double>(cycle); }
  // Delay from the current simulation time to the edge of `cycle` (zero if it has passed).
  sc_core::sc_time delay_until(uint64_t cycle) const {
    if (in_tick_ && cycle >= current_ && cycle - current_ < kCachedDelays) return cached_delays_[cycle - current_];
    return delay_until_slow(cycle);
  }

  // Registration (by Component's constructor). The returned slot orders steps within a cycle.
  uint32_t add(Component* component);
  // Requests a step of component `slot` at `cycle` (> the cycle being stepped).
  void wake(uint32_t slot, uint64_t cycle);

  uint64_t activations() const { return activations_; }
  uint64_t busy_cycles() const { return busy_cycles_; }

 private:
  void tick();
  sc_core::sc_time delay_until_slow(uint64_t cycle) const;
  uint64_t next_busy_cycle() const;  // kNever if the calendar is empty

  static constexpr unsigned kSlotBits = 24;
  static constexpr uint64_t kSlotMask = (1ULL << kSlotBits) - 1;
  static constexpr uint32_t kWheel = 256;  // cycles covered by buckets (a power of two)
  // Delays of 0..kCachedDelays-1 cycles as sc_time (building one is a call into the SystemC library).
  static constexpr uint64_t kCachedDelays = 64;

  double frequency_hz_;
  sc_core::sc_time period_;
  std::vector<sc_core::sc_time> cached_delays_;
  uint64_t period_ticks_;
  std::vector<Component*> members_;
  std::vector<uint64_t> last_stepped_;
  // Earliest requested cycle not yet stepped, per slot: a later request is redundant because the step
  // at the earlier cycle asks again for whatever it still needs.
  std::vector<uint64_t> earliest_pending_;
  // Requests for cycle c in [base_, base_ + kWheel) are slots in bucket c % kWheel; later ones wait in
  // the heap as (cycle << kSlotBits | slot) and move into their bucket once it comes within range.
  std::vector<std::vector<uint32_t>> buckets_;
  BitSet nonempty_buckets_;
  uint64_t base_ = 0;  // no request is earlier than this cycle
  std::priority_queue<uint64_t, std::vector<uint64_t>, std::greater<uint64_t>> far_;
  sc_core::sc_event wake_event_;
  bool in_tick_ = false;
  uint64_t current_ = 0;
  uint64_t notified_for_ = UINT64_MAX;
  uint64_t activations_ = 0;
  uint64_t busy_cycles_ = 0;
};

// Base of every cycle-level model: named, in one clock domain, stepped only when it asked to be.
class Component : public sc_core::sc_module {
 public:
  Component(const sc_core::sc_module_name& name, ClockDomain& domain)
      : sc_core::sc_module(name), domain_(domain), slot_(domain.add(this)) {}

  // Called by the domain at a cycle this component asked for. Must not ask for the same cycle again.
  virtual void step(uint64_t cycle) = 0;
  ClockDomain& domain() const { return domain_; }

 protected:
  void wake_at(uint64_t cycle) { domain_.wake(slot_, cycle); }

 private:
  ClockDomain& domain_;
  uint32_t slot_;
};

}  // namespace snsim
