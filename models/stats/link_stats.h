// Use of one link direction inside the window: time the wire was busy serializing, packets and bytes.
#pragma once

#include <cstdint>
#include <string>

#include "models/stats/window.h"

namespace snsim {

class LinkStats {
 public:
  // Fixed-point cycles (see Link): 16 fractional bits.
  static constexpr unsigned kFractionBits = 16;

  LinkStats(std::string name, std::string from, std::string to, double bytes_per_cycle, const Window& window)
      : name_(std::move(name)), from_(std::move(from)), to_(std::move(to)),
        bytes_per_cycle_(bytes_per_cycle), window_(&window) {}

  // The wire was busy over [start_fp, end_fp) (fixed point) carrying a packet of `payload_bytes`.
  void busy(uint64_t start_fp, uint64_t end_fp, uint32_t payload_bytes) {
    uint64_t lo = std::max(start_fp, window_->begin << kFractionBits);
    uint64_t hi = std::min(end_fp, window_->end << kFractionBits);
    if (hi > lo) busy_fp_ += hi - lo;
    if (window_->contains(start_fp >> kFractionBits)) {
      ++packets_;
      bytes_ += payload_bytes;
    }
  }

  const std::string& name() const { return name_; }
  const std::string& from() const { return from_; }
  const std::string& to() const { return to_; }
  double bytes_per_cycle() const { return bytes_per_cycle_; }
  double utilization() const {
    if (!window_->length()) return 0.0;
    return static_cast<double>(busy_fp_) / static_cast<double>(window_->length() << kFractionBits);
  }
  uint64_t packets() const { return packets_; }
  uint64_t bytes() const { return bytes_; }

 private:
  std::string name_, from_, to_;
  double bytes_per_cycle_;
  const Window* window_;
  uint64_t busy_fp_ = 0;
  uint64_t packets_ = 0;
  uint64_t bytes_ = 0;
};

}  // namespace snsim
