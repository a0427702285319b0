// The switch's arbitration logic as stand-alone classes, so that each can be tested on its own and
// compared cycle by cycle with its RTL twin (rtl/), independent of the queues around it.
#pragma once

#include <cstdint>
#include <vector>

#include "models/core/bit_set.h"

namespace snsim {

// Round robin over N requesters: the first requester at or after the pointer wins and the pointer moves
// just past it, so every requester is served within N grants.
class RoundRobinArbiter {
 public:
  explicit RoundRobinArbiter(uint32_t size = 1) : size_(size) {}
  // Returns the winner among `requests`, or BitSet::kNone; updates the pointer only on a grant.
  uint32_t arbitrate(const BitSet& requests) {
    const uint32_t winner = requests.next_from(pointer_);
    if (winner != BitSet::kNone) pointer_ = (winner + 1) % size_;
    return winner;
  }
  // arbitrate() for a request set of one member, without building the set: the lone requester wins.
  uint32_t grant_lone(uint32_t requester) {
    pointer_ = (requester + 1) % size_;
    return requester;
  }
  uint32_t pointer() const { return pointer_; }

 private:
  uint32_t size_;
  uint32_t pointer_ = 0;
};

// iSLIP (McKeown, IEEE/ACM ToN 1999) for an N x N crossbar: request, grant, accept, repeated for a
// number of iterations; grant and accept pointers move only on first-iteration accepts.
class IslipAllocator {
 public:
  IslipAllocator(uint32_t ports, uint32_t iterations);

  // Adds a request of `input` for `output` for the coming allocate().
  void request(uint32_t input, uint32_t output);
  // Matches inputs to outputs. Returns, per input, the matched output or -1; requests are then cleared.
  const std::vector<int>& allocate();

  uint32_t ports() const { return ports_; }
  uint32_t grant_pointer(uint32_t output) const { return grant_pointer_[output]; }
  uint32_t accept_pointer(uint32_t input) const { return accept_pointer_[input]; }

 private:
  uint32_t ports_;
  uint32_t iterations_;
  std::vector<uint32_t> grant_pointer_;   // per output
  std::vector<uint32_t> accept_pointer_;  // per input
  std::vector<BitSet> requesters_;        // per output: requesting inputs
  std::vector<BitSet> grants_;            // per input: granting outputs in this iteration
  BitSet free_inputs_;
  std::vector<uint32_t> active_outputs_;  // outputs with at least one request, ascending
  std::vector<uint32_t> granted_inputs_;
  std::vector<uint8_t> output_matched_;
  std::vector<int> match_;
};

}  // namespace snsim
