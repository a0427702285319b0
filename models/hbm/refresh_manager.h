// When a pseudo-channel owes a refresh, and (per-bank mode) which bank gets it.
//
// All-bank: one REFab every tREFI. Per-bank: one REFpb every tREFI / banks, and every bank once per round
// of `banks` refreshes; within a round the manager picks a bank that has no queued requests when there is
// one (the bank least in demand otherwise), so a stream rarely waits for a refreshing bank. A refresh that
// comes late does not move the schedule: the next one is still due one interval after the previous due
// time, so the average rate is exact.
#pragma once

#include <cstdint>
#include <vector>

#include "models/hbm/hbm_config.h"

namespace snsim::hbm {

class RefreshManager {
 public:
  RefreshManager() = default;
  RefreshManager(RefreshMode mode, const HbmTiming& timing, uint32_t banks);

  RefreshMode mode() const { return mode_; }
  bool enabled() const { return mode_ != RefreshMode::Off; }
  uint64_t due() const { return due_; }  // UINT64_MAX when off
  bool owed(uint64_t cycle) const { return enabled() && cycle >= due_; }
  uint64_t interval() const { return interval_; }

  // Per-bank mode: the bank of the owed refresh, chosen on the first call after it became due.
  // `last_use[b]` is the last cycle bank b was activated or accessed.
  uint32_t target(const std::vector<uint32_t>& queued_per_bank, const std::vector<uint64_t>& last_use);
  bool has_target() const { return target_ >= 0; }
  uint32_t current_target() const { return static_cast<uint32_t>(target_); }
  // The owed refresh was issued.
  void issued();
  uint64_t issued_count() const { return issued_; }

 private:
  RefreshMode mode_ = RefreshMode::Off;
  uint64_t interval_ = 0;
  uint64_t due_ = UINT64_MAX;
  std::vector<bool> done_in_round_;
  uint32_t done_ = 0;
  uint32_t next_ = 0;  // where the search for a bank starts (round robin among equals)
  int target_ = -1;
  uint64_t issued_ = 0;
};

}  // namespace snsim::hbm
