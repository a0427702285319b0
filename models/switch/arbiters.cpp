#include "models/switch/arbiters.h"

#include <algorithm>

namespace snsim {

IslipAllocator::IslipAllocator(uint32_t ports, uint32_t iterations)
    : ports_(ports), iterations_(iterations), grant_pointer_(ports, 0), accept_pointer_(ports, 0),
      requesters_(ports, BitSet(ports)), grants_(ports, BitSet(ports)), free_inputs_(ports),
      output_matched_(ports, 0), match_(ports, -1) {}

void IslipAllocator::request(uint32_t input, uint32_t output) {
  if (!requesters_[output].any()) active_outputs_.push_back(output);
  requesters_[output].set(input);
  free_inputs_.set(input);
}

const std::vector<int>& IslipAllocator::allocate() {
  std::fill(match_.begin(), match_.end(), -1);
  std::sort(active_outputs_.begin(), active_outputs_.end());
  for (uint32_t j : active_outputs_) output_matched_[j] = 0;
  for (uint32_t iteration = 0; iteration < iterations_ && !active_outputs_.empty(); ++iteration) {
    // Grant: each unmatched output grants the unmatched requesting input next from its pointer.
    granted_inputs_.clear();
    for (uint32_t j : active_outputs_) {
      if (output_matched_[j]) continue;
      const uint32_t i = requesters_[j].next_from(free_inputs_, grant_pointer_[j]);
      if (i == BitSet::kNone) continue;
      if (!grants_[i].any()) granted_inputs_.push_back(i);
      grants_[i].set(j);
    }
    if (granted_inputs_.empty()) break;
    // Accept: each granted input accepts the granting output next from its pointer. Moving pointers only
    // on first-iteration accepts is what desynchronizes them and gives iSLIP its throughput.
    for (uint32_t i : granted_inputs_) {
      const uint32_t j = grants_[i].next_from(accept_pointer_[i]);
      grants_[i].clear();
      match_[i] = static_cast<int>(j);
      output_matched_[j] = 1;
      free_inputs_.reset(i);
      if (iteration == 0) {
        grant_pointer_[j] = (i + 1) % ports_;
        accept_pointer_[i] = (j + 1) % ports_;
      }
    }
  }
  for (uint32_t j : active_outputs_) requesters_[j].clear();
  active_outputs_.clear();
  free_inputs_.clear();
  return match_;
}

}  // namespace snsim
