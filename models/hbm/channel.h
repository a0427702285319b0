// One HBM channel: its pseudo-channels and the command buses they share. HBM has separate row (ACT, PRE,
// REF) and column (RD, WR) command buses per channel, so each cycle the channel may issue one row command
// and one column command, each to any of its pseudo-channels. Each pseudo-channel proposes its best ready
// command for each bus; the channel grants each bus to a refresh first, then to the oldest request
// (round robin among equals), and keeps the bus busy for the command's length.
#pragma once

#include <cstdint>
#include <vector>

#include "models/hbm/pseudo_channel.h"

namespace snsim::hbm {

class HbmChannel {
 public:
  HbmChannel(const HbmConfig& cfg, uint32_t index, BurstSink* sink);

  PseudoChannel& pc(uint32_t i) { return pcs_[i]; }
  const PseudoChannel& pc(uint32_t i) const { return pcs_[i]; }
  uint32_t pseudo_channels() const { return static_cast<uint32_t>(pcs_.size()); }

  // Issues what can be issued at cycle t; returns the next cycle at which anything could be issued
  // (kNoCycle when the channel has nothing to do, refresh included).
  uint64_t tick(uint64_t t);

  uint64_t next_event = 0;  // maintained by the controller
  uint64_t row_bus_commands() const { return row_commands_; }
  uint64_t column_bus_commands() const { return column_commands_; }

 private:
  static bool better(const PseudoChannel::Proposal& a, const PseudoChannel::Proposal& b);

  std::vector<PseudoChannel> pcs_;
  HbmControllerParams params_;
  uint64_t row_bus_free_ = 0, column_bus_free_ = 0;
  uint32_t rotate_ = 0;
  uint64_t row_commands_ = 0, column_commands_ = 0;
};

}  // namespace snsim::hbm
