// Time-weighted occupancy of one queue: mean over the window and maximum inside it. Updates must come
// in non-decreasing cycle order (each queue is changed only by its owner, at its step cycle).
#pragma once

#include <cstdint>
#include <string>

#include "models/stats/trace_hooks.h"
#include "models/stats/window.h"

namespace snsim {

class QueueStats {
 public:
  QueueStats(std::string name, std::string unit, double capacity, const Window& window)
      : name_(std::move(name)), unit_(std::move(unit)), capacity_(capacity), window_(&window) {}

  void change(uint64_t cycle, int64_t delta) {
    if (trace_) trace_->change(cycle, delta);
    advance(cycle);
    occupancy_ += delta;
    if (window_->contains(cycle) && occupancy_ > max_) max_ = occupancy_;
  }
  // Closes the integral at the window's end (called once when the run ends).
  void finish() { advance(window_->end); }

  const std::string& name() const { return name_; }
  // The tier of the component that owns the queue and its plane (-1: none).
  void set_tags(std::string tier, int32_t plane) { tier_ = std::move(tier), plane_ = plane; }
  const std::string& tier() const { return tier_; }
  int32_t plane() const { return plane_; }
  const std::string& unit() const { return unit_; }
  double capacity() const { return capacity_; }  // +inf when unbounded
  double mean() const {
    return window_->length() ? static_cast<double>(area_) / static_cast<double>(window_->length()) : 0.0;
  }
  int64_t max() const { return max_; }
  int64_t occupancy() const { return occupancy_; }
  void set_trace(QueueTrace* trace) { trace_ = trace; }  // waveform tracing (null: off)

 private:
  void advance(uint64_t cycle) {
    if (cycle <= last_) return;
    // The level held over [last_, cycle) counts toward the window's integral and, if the window starts in
    // that span, toward its maximum.
    uint64_t inside = window_->overlap(last_, cycle);
    area_ += static_cast<unsigned __int128>(occupancy_) * inside;
    if (inside && occupancy_ > max_) max_ = occupancy_;
    last_ = cycle;
  }

  std::string name_;
  std::string unit_;
  std::string tier_;
  int32_t plane_ = -1;
  double capacity_;
  const Window* window_;
  int64_t occupancy_ = 0;
  int64_t max_ = 0;
  uint64_t last_ = 0;
  unsigned __int128 area_ = 0;
  QueueTrace* trace_ = nullptr;
};

}  // namespace snsim
