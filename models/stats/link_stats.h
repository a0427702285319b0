// Use of one link direction inside the window: wire busy time (framing, padding and replays included),
// payload carried, retries, and the time its sender was held back by flow control or the replay buffer.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>

#include "models/core/flow_control_observer.h"
#include "models/stats/trace_hooks.h"
#include "models/stats/window.h"

namespace snsim {

// The link's sender's flow control reports its stalls and pauses here (FlowControlObserver, so that the
// core does not depend on this layer); only the cycles inside the window count.
class LinkStats final : public FlowControlObserver {
 public:
  // Fixed-point cycles (see Link): 16 fractional bits.
  static constexpr unsigned kFractionBits = 16;

  LinkStats(std::string name, std::string from, std::string to, double bytes_per_cycle, const Window& window)
      : name_(std::move(name)), from_(std::move(from)), to_(std::move(to)),
        bytes_per_cycle_(bytes_per_cycle), window_(&window) {}

  // The wire was busy over [start_fp, end_fp) (fixed point).
  void busy(uint64_t start_fp, uint64_t end_fp) {
    if (trace_) trace_->busy(start_fp, end_fp);
    busy_fp_ += overlap_fp(start_fp, end_fp);
  }
  // A packet of `payload_bytes` started (successfully) at start_fp.
  void carried(uint64_t start_fp, uint32_t payload_bytes) {
    if (window_->contains(start_fp >> kFractionBits)) {
      ++packets_;
      bytes_ += payload_bytes;
    }
  }
  void retry() { ++retries_; }
  void add_replay_stall(uint64_t from_fp, uint64_t to_fp) { replay_stall_fp_ += overlap_fp(from_fp, to_fp); }
  void add_pause(uint64_t from, uint64_t to) override { pause_cycles_ += window_->overlap(from, to); }
  void add_flow_control_stall(uint64_t from, uint64_t to) override { stall_cycles_ += window_->overlap(from, to); }

  const std::string& name() const { return name_; }
  // Where the link sits in the fabric: "<from tier>-<to tier>" (e.g. leaf-spine) and its plane (-1: none).
  void set_tags(std::string tier, int32_t plane) { tier_ = std::move(tier), plane_ = plane; }
  const std::string& tier() const { return tier_; }
  int32_t plane() const { return plane_; }
  const std::string& from() const { return from_; }
  const std::string& to() const { return to_; }
  double bytes_per_cycle() const { return bytes_per_cycle_; }
  // Fraction of the window the wire was busy.
  double utilization() const { return cycles(busy_fp_) / double(window_->length()); }
  // Payload carried per cycle, as a fraction of the link's data rate.
  double goodput() const { return double(bytes_) / (double(window_->length()) * bytes_per_cycle_); }
  // Payload / bytes the busy wire could have carried: what framing, padding and replays leave.
  double wire_efficiency() const { return busy_fp_ ? double(bytes_) / (cycles(busy_fp_) * bytes_per_cycle_) : 0.0; }
  uint64_t packets() const { return packets_; }
  uint64_t bytes() const { return bytes_; }
  uint64_t retries() const { return retries_; }
  uint64_t flow_control_stall_cycles() const { return stall_cycles_; }
  uint64_t pause_cycles() const { return pause_cycles_; }
  double replay_stall_cycles() const { return cycles(replay_stall_fp_); }
  // Waveform tracing of this link (null: off); the link and its sender's flow control report to it.
  void set_trace(LinkTrace* trace) {
    trace_ = trace;
    set_flow_control_trace(trace);
  }
  LinkTrace* trace() const { return trace_; }

 private:
  static double cycles(uint64_t fp) { return double(fp) / double(1ULL << kFractionBits); }
  uint64_t overlap_fp(uint64_t from_fp, uint64_t to_fp) const {
    const uint64_t lo = std::max(from_fp, window_->begin << kFractionBits);
    const uint64_t hi = std::min(to_fp, window_->end << kFractionBits);
    return hi > lo ? hi - lo : 0;
  }

  std::string name_, from_, to_;
  std::string tier_;
  int32_t plane_ = -1;
  double bytes_per_cycle_;
  const Window* window_;
  uint64_t busy_fp_ = 0;
  uint64_t packets_ = 0;
  uint64_t bytes_ = 0;
  uint64_t retries_ = 0;
  uint64_t replay_stall_fp_ = 0;
  uint64_t pause_cycles_ = 0;
  uint64_t stall_cycles_ = 0;
  LinkTrace* trace_ = nullptr;
};

}  // namespace snsim
