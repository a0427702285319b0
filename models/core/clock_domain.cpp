#include "models/core/clock_domain.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace snsim {

ClockDomain::ClockDomain(const sc_core::sc_module_name& name, double frequency_hz)
    : sc_core::sc_module(name), frequency_hz_(frequency_hz) {
  // The period is rounded to the kernel's time resolution (1 ps by default); 1 GHz is exact.
  period_ = sc_core::sc_time(1.0 / frequency_hz, sc_core::SC_SEC);
  period_ticks_ = period_.value();
  if (period_ticks_ == 0) throw std::invalid_argument("clock frequency is above the time resolution");
  for (uint64_t n = 0; n < kCachedDelays; ++n) cached_delays_.push_back(sc_core::sc_time::from_value(n * period_ticks_));
  buckets_.resize(kWheel);
  nonempty_buckets_ = BitSet(kWheel);
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

sc_core::sc_time ClockDomain::delay_until_slow(uint64_t cycle) const {
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
  if (cycle < base_ + kWheel) {
    const uint32_t b = static_cast<uint32_t>(cycle & (kWheel - 1));
    buckets_[b].push_back(slot);
    nonempty_buckets_.set(b);
  } else {
    far_.push((cycle << kSlotBits) | slot);
  }
  if (!in_tick_ && cycle < notified_for_) {
    notified_for_ = cycle;
    wake_event_.notify(delay_until(cycle));
  }
}

uint64_t ClockDomain::next_busy_cycle() const {
  uint64_t next = far_.empty() ? UINT64_MAX : far_.top() >> kSlotBits;
  const uint32_t from = static_cast<uint32_t>(base_ & (kWheel - 1));
  const uint32_t b = nonempty_buckets_.next_from(from);
  if (b != BitSet::kNone) next = std::min(next, base_ + ((b - from) & (kWheel - 1)));
  return next;
}

void ClockDomain::tick() {
  in_tick_ = true;
  current_ = cycle_at_or_after(sc_core::sc_time_stamp());
  notified_for_ = UINT64_MAX;
  ++busy_cycles_;
  // Every request before current_ has been stepped: the wheel now starts here, and far requests that
  // came within its range move into their buckets.
  base_ = current_;
  while (!far_.empty() && (far_.top() >> kSlotBits) < base_ + kWheel) {
    const uint64_t entry = far_.top();
    far_.pop();
    const uint32_t b = static_cast<uint32_t>((entry >> kSlotBits) & (kWheel - 1));
    buckets_[b].push_back(static_cast<uint32_t>(entry & kSlotMask));
    nonempty_buckets_.set(b);
  }
  // Steps go in slot (registration) order. Requests made while stepping are for later cycles, so they
  // land in other buckets (a request kWheel cycles ahead goes to the heap).
  const uint32_t b = static_cast<uint32_t>(current_ & (kWheel - 1));
  std::vector<uint32_t>& bucket = buckets_[b];
  std::sort(bucket.begin(), bucket.end());
  for (uint32_t slot : bucket) {
    if (last_stepped_[slot] == current_) continue;  // several requests for one cycle: one step
    last_stepped_[slot] = current_;
    earliest_pending_[slot] = UINT64_MAX;
    ++activations_;
    members_[slot]->step(current_);
  }
  bucket.clear();
  nonempty_buckets_.reset(b);
  in_tick_ = false;
  const uint64_t next = next_busy_cycle();
  if (next != UINT64_MAX) {
    notified_for_ = next;
    wake_event_.notify(delay_until(next));
  }
}

}  // namespace snsim
