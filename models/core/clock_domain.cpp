#include "models/core/clock_domain.h"

#include <cmath>
#include <stdexcept>

namespace snsim {

ClockDomain::ClockDomain(const sc_core::sc_module_name& name, double frequency_hz)
    : sc_core::sc_module(name), frequency_hz_(frequency_hz) {
  // The period is rounded to the kernel's time resolution (1 ps by default); 1 GHz is exact.
  period_ = sc_core::sc_time(1.0 / frequency_hz, sc_core::SC_SEC);
  period_ticks_ = period_.value();
  if (period_ticks_ == 0) throw std::invalid_argument("clock frequency is above the time resolution");
  SC_HAS_PROCESS(ClockDomain);
  SC_METHOD(tick);
  sensitive << wake_event_;
  dont_initialize();
}

uint64_t ClockDomain::now() const {
  if (in_tick_) return current_;
  return cycle_at_or_after(sc_core::sc_time_stamp());
}

uint64_t ClockDomain::cycle_at_or_after(const sc_core::sc_time& t) const {
  return (t.value() + period_ticks_ - 1) / period_ticks_;
}

sc_core::sc_time ClockDomain::delay_until(uint64_t cycle) const {
  sc_core::sc_time target = time_of(cycle);
  sc_core::sc_time now = sc_core::sc_time_stamp();
  return target > now ? target - now : sc_core::SC_ZERO_TIME;
}

uint32_t ClockDomain::add(Component* component) {
  if (members_.size() > kSlotMask) throw std::length_error("too many components in one clock domain");
  members_.push_back(component);
  last_stepped_.push_back(UINT64_MAX);
  earliest_pending_.push_back(UINT64_MAX);
  return static_cast<uint32_t>(members_.size() - 1);
}

void ClockDomain::wake(uint32_t slot, uint64_t cycle) {
  if (in_tick_ && cycle <= current_) {
    throw std::logic_error(std::string(name()) + ": a component asked to be woken at cycle " +
                           std::to_string(cycle) + " while cycle " + std::to_string(current_) +
                           " is being stepped (every interaction needs at least one cycle of latency)");
  }
  if (cycle >= earliest_pending_[slot]) return;
  earliest_pending_[slot] = cycle;
  calendar_.push((cycle << kSlotBits) | slot);
  if (!in_tick_ && cycle < notified_for_) {
    notified_for_ = cycle;
    wake_event_.notify(delay_until(cycle));
  }
}

void ClockDomain::tick() {
  in_tick_ = true;
  current_ = cycle_at_or_after(sc_core::sc_time_stamp());
  notified_for_ = UINT64_MAX;
  ++busy_cycles_;
  while (!calendar_.empty() && (calendar_.top() >> kSlotBits) <= current_) {
    uint64_t entry = calendar_.top();
    calendar_.pop();
    uint32_t slot = static_cast<uint32_t>(entry & kSlotMask);
    if (last_stepped_[slot] == current_) continue;  // several requests for one cycle: one step
    last_stepped_[slot] = current_;
    earliest_pending_[slot] = UINT64_MAX;
    ++activations_;
    members_[slot]->step(current_);
  }
  in_tick_ = false;
  if (!calendar_.empty()) {
    notified_for_ = calendar_.top() >> kSlotBits;
    wake_event_.notify(delay_until(notified_for_));
  }
}

}  // namespace snsim
