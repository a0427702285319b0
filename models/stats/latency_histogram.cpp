#include "models/stats/latency_histogram.h"

#include <algorithm>
#include <cmath>

namespace snsim {

void LatencyHistogram::merge(const LatencyHistogram& other) {
  if (other.counts_.size() > counts_.size()) counts_.resize(other.counts_.size(), 0);
  for (size_t i = 0; i < other.counts_.size(); ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  sum_ += other.sum_;
  max_ = std::max(max_, other.max_);
  min_ = std::min(min_, other.min_);
}

uint64_t LatencyHistogram::percentile(double q) const {
  if (count_ == 0) return 0;
  // Integer rank avoids floating error at exact boundaries (e.g. q = 0.5 of 10 samples -> rank 5).
  uint64_t permille_rank_num = static_cast<uint64_t>(std::llround(q * 1e6));
  unsigned __int128 scaled = static_cast<unsigned __int128>(count_) * permille_rank_num;
  uint64_t rank = static_cast<uint64_t>((scaled + 999999) / 1000000);
  if (rank == 0) rank = 1;
  uint64_t seen = 0;
  for (size_t v = 0; v < counts_.size(); ++v) {
    seen += counts_[v];
    if (seen >= rank) return v;
  }
  return max_;
}

std::vector<std::pair<uint64_t, uint64_t>> LatencyHistogram::nonzero() const {
  std::vector<std::pair<uint64_t, uint64_t>> out;
  for (size_t v = 0; v < counts_.size(); ++v) {
    if (counts_[v]) out.emplace_back(v, counts_[v]);
  }
  return out;
}

}  // namespace snsim
