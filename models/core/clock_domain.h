// A clock domain steps the components that have work on a cycle, and only those.
//
// Why: a SystemC process (or a per-component clocked method) per component costs ~25x more per
// activation than calling the active components from one process per domain
// (../shared/reference/toolchain-facts.md). So each domain owns one SC_METHOD; components ask to be
// woken at a future cycle (wake_at), the domain keeps those requests in a calendar and, at each cycle
// that has requests, calls step() on each requesting component once, in registration order. A cycle
// with no requests costs nothing: the method is notified directly for the next busy cycle.
#pragma once

#include <systemc>

#include <cstdint>
#include <queue>
#include <vector>

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
  sc_core::sc_time time_of(uint64_t cycle) const { return period_ * static_cast<double>(cycle); }
  // Delay from the current simulation time to the edge of `cycle`.
  sc_core::sc_time delay_until(uint64_t cycle) const;

  // Registration (by Component's constructor). The returned slot orders steps within a cycle.
  uint32_t add(Component* component);
  // Requests a step of component `slot` at `cycle` (> the cycle being stepped).
  void wake(uint32_t slot, uint64_t cycle);

  uint64_t activations() const { return activations_; }
  uint64_t busy_cycles() const { return busy_cycles_; }

 private:
  void tick();

  static constexpr unsigned kSlotBits = 24;
  static constexpr uint64_t kSlotMask = (1ULL << kSlotBits) - 1;

  double frequency_hz_;
  sc_core::sc_time period_;
  uint64_t period_ticks_;
  std::vector<Component*> members_;
  std::vector<uint64_t> last_stepped_;
  // Earliest requested cycle not yet stepped, per slot: a later request is redundant because the step
  // at the earlier cycle asks again for whatever it still needs.
  std::vector<uint64_t> earliest_pending_;
  // Calendar entries are (cycle << kSlotBits | slot): one integer compare orders by cycle, then slot.
  std::priority_queue<uint64_t, std::vector<uint64_t>, std::greater<uint64_t>> calendar_;
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
