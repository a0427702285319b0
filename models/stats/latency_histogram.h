// Exact latency distribution. Latencies are whole cycles, so a count per cycle value is exact: any
// percentile is read off the counts with no approximation (unlike bucketed histograms).
#pragma once

#include <cstdint>
#include <vector>

namespace snsim {

class LatencyHistogram {
 public:
  void add(uint64_t cycles) {
    if (cycles >= counts_.size()) counts_.resize(cycles + 1 + cycles / 2, 0);
    ++counts_[cycles];
    ++count_;
    sum_ += cycles;
    if (cycles > max_) max_ = cycles;
    if (cycles < min_) min_ = cycles;
  }
  void merge(const LatencyHistogram& other);

  uint64_t count() const { return count_; }
  double mean() const { return count_ ? static_cast<double>(sum_) / static_cast<double>(count_) : 0.0; }
  uint64_t min() const { return count_ ? min_ : 0; }
  uint64_t max() const { return max_; }
  // Nearest-rank percentile: the smallest value v with at least ceil(q * count) samples <= v.
  uint64_t percentile(double q) const;
  // (value, count) pairs with count > 0, ascending.
  std::vector<std::pair<uint64_t, uint64_t>> nonzero() const;

 private:
  std::vector<uint64_t> counts_;
  uint64_t count_ = 0;
  unsigned __int128 sum_ = 0;
  uint64_t max_ = 0;
  uint64_t min_ = UINT64_MAX;
};

}  // namespace snsim
