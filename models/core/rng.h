// Deterministic random streams. Every component owns its own stream, derived from the run's seed and the
// component's name, so results do not depend on construction order or on how many other components
// draw numbers (and a partitioned run gives the same streams). The generator and the transformations
// are written out here because std::uniform_*_distribution differ between standard libraries.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>

namespace snsim {

inline uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

inline uint64_t fnv1a64(const std::string& text) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

// xoshiro256** (Blackman and Vigna, 2018): fast, 256-bit state, passes BigCrush.
class Rng {
 public:
  Rng(uint64_t seed, const std::string& stream_name) {
    uint64_t s = seed ^ fnv1a64(stream_name);
    for (auto& word : state_) word = splitmix64(s);
  }

  uint64_t next() {
    const uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  // Uniform integer in [0, bound), unbiased (Lemire's multiply-and-reject).
  uint64_t below(uint64_t bound) {
    unsigned __int128 m = static_cast<unsigned __int128>(next()) * bound;
    uint64_t low = static_cast<uint64_t>(m);
    if (low < bound) {
      const uint64_t threshold = -bound % bound;
      while (low < threshold) {
        m = static_cast<unsigned __int128>(next()) * bound;
        low = static_cast<uint64_t>(m);
      }
    }
    return static_cast<uint64_t>(m >> 64);
  }

  // Number of failures before the first success of a Bernoulli(p) trial sequence: the gap between
  // arrivals of a per-cycle Bernoulli process, drawn once instead of flipping a coin every cycle.
  uint64_t geometric(double p) {
    if (p >= 1.0) return 0;
    double u = 1.0 - uniform();  // (0, 1]
    double gap = std::floor(std::log(u) / std::log1p(-p));
    return gap > 1e18 ? static_cast<uint64_t>(1e18) : static_cast<uint64_t>(gap);
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t state_[4];
};

}  // namespace snsim
