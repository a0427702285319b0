#include "models/hbm/refresh_manager.h"

namespace snsim::hbm {

RefreshManager::RefreshManager(RefreshMode mode, const HbmTiming& timing, uint32_t banks) : mode_(mode) {
  if (mode == RefreshMode::Off) return;
  interval_ = mode == RefreshMode::AllBank ? timing.trefi : timing.trefi / banks;
  due_ = interval_;
  done_in_round_.assign(banks, false);
}

uint32_t RefreshManager::target(const std::vector<uint32_t>& queued_per_bank, const std::vector<uint64_t>& last_use) {
  if (target_ >= 0) return static_cast<uint32_t>(target_);
  const uint32_t banks = static_cast<uint32_t>(done_in_round_.size());
  uint32_t best = banks, best_queued = UINT32_MAX;
  uint64_t best_use = 0;
  for (uint32_t k = 0; k < banks; ++k) {
    const uint32_t b = (next_ + k) % banks;
    if (done_in_round_[b]) continue;
    const uint32_t q = queued_per_bank[b];
    if (q < best_queued || (q == 0 && best_queued == 0 && last_use[b] > best_use)) {
      best = b;
      best_queued = q;
      best_use = last_use[b];
    }
  }
  target_ = static_cast<int>(best);
  return best;
}

void RefreshManager::issued() {
  ++issued_;
  due_ += interval_;
  if (mode_ != RefreshMode::PerBank) return;
  done_in_round_[static_cast<size_t>(target_)] = true;
  next_ = (static_cast<uint32_t>(target_) + 1) % static_cast<uint32_t>(done_in_round_.size());
  target_ = -1;
  if (++done_ == done_in_round_.size()) {
    done_ = 0;
    done_in_round_.assign(done_in_round_.size(), false);
  }
}

}  // namespace snsim::hbm
