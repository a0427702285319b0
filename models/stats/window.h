// The measurement window [begin, end) in reference-clock cycles: statistics count only inside it, so the
// warm-up transient and the drain tail do not bias the results.
#pragma once

#include <algorithm>
#include <cstdint>

namespace snsim {

struct Window {
  uint64_t begin = 0;
  uint64_t end = 0;

  bool contains(uint64_t cycle) const { return cycle >= begin && cycle < end; }
  uint64_t length() const { return end - begin; }
  // Length of [from, to) that lies inside the window.
  uint64_t overlap(uint64_t from, uint64_t to) const {
    uint64_t lo = std::max(from, begin), hi = std::min(to, end);
    return hi > lo ? hi - lo : 0;
  }
};

}  // namespace snsim
