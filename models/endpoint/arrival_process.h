// When an open-loop source creates its packets (or requests): a Bernoulli process, one with probability
// p per cycle, drawn as geometric gaps so the source is woken only on cycles where something happens.
//
// An endpoint with several ports may need more than one packet per cycle (load x the sum of its ports'
// bandwidth > the mean packet). Then the process is the sum of ceil(rate) independent Bernoulli streams
// of rate / ceil(rate) each (a binomial number of packets per cycle, with the same mean), drawn from the
// source's one random stream in stream order. At up to one packet per cycle it is exactly one stream,
// drawn as before.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "models/core/packet.h"
#include "models/core/rng.h"

namespace snsim {

class ArrivalProcess {
 public:
  // `end`: no arrival at or after this cycle.
  ArrivalProcess(double rate, uint64_t end)
      : streams_(std::max<uint32_t>(1, static_cast<uint32_t>(std::ceil(rate - 1e-9)))),
        stream_rate_(rate / streams_), end_(end), next_(streams_, kNever) {}

  uint32_t streams() const { return streams_; }
  uint64_t at(uint32_t stream) const { return next_[stream]; }
  uint64_t next() const { return *std::min_element(next_.begin(), next_.end()); }

  // The first arrival of every stream.
  void start(Rng& rng) {
    for (uint64_t& n : next_) n = bounded(rng.geometric(stream_rate_));
  }
  // `stream` had an arrival at `cycle`: draws its next one.
  void draw_after(uint32_t stream, uint64_t cycle, Rng& rng) {
    next_[stream] = bounded(cycle + 1 + rng.geometric(stream_rate_));
  }
  // Closed-loop (saturated) sources set the next creation themselves, on stream 0.
  void set(uint32_t stream, uint64_t cycle) { next_[stream] = cycle; }

 private:
  uint64_t bounded(uint64_t cycle) const { return cycle >= end_ ? kNever : cycle; }

  uint32_t streams_;
  double stream_rate_;
  uint64_t end_;
  std::vector<uint64_t> next_;
};

}  // namespace snsim
