// A fixed-size set of small integers as 64-bit words, with the one query round-robin arbiters need:
// the first member at or after a position, wrapping around, optionally intersected with another set.
// Lets the switch visit only its non-empty queues and run iSLIP in word operations instead of scanning
// every (input, output) pair.
#pragma once

#include <cstdint>
#include <vector>

namespace snsim {

class BitSet {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  BitSet() = default;
  explicit BitSet(uint32_t size) : size_(size), words_((size + 63) / 64, 0) {}

  uint32_t size() const { return size_; }
  bool test(uint32_t i) const { return (words_[i >> 6] >> (i & 63)) & 1; }
  void set(uint32_t i) { words_[i >> 6] |= 1ULL << (i & 63); }
  void reset(uint32_t i) { words_[i >> 6] &= ~(1ULL << (i & 63)); }
  void clear() {
    for (auto& w : words_) w = 0;
  }
  bool any() const {
    for (auto w : words_) {
      if (w) return true;
    }
    return false;
  }

  // First member at or after `from` (wrapping), or kNone.
  uint32_t next_from(uint32_t from) const { return next_common(nullptr, from); }
  // First member of (this AND other) at or after `from` (wrapping), or kNone.
  uint32_t next_from(const BitSet& other, uint32_t from) const { return next_common(&other, from); }

  // Calls visit(i) for members in round-robin order starting at `from`, until visit returns true.
  // Returns the member that stopped the walk, or kNone.
  template <typename F>
  uint32_t find_from(uint32_t from, F&& visit) const {
    const uint32_t first = next_from(from);
    if (first == kNone) return kNone;
    uint32_t i = first;
    do {
      if (visit(i)) return i;
      i = next_from(i + 1 == size_ ? 0 : i + 1);
    } while (i != first);
    return kNone;
  }

  // Calls f(i) for every member in increasing order.
  template <typename F>
  void for_each(F&& f) const {
    for (uint32_t w = 0; w < words_.size(); ++w) {
      for (uint64_t bits = words_[w]; bits; bits &= bits - 1) f(w * 64 + static_cast<uint32_t>(__builtin_ctzll(bits)));
    }
  }

 private:
  uint64_t word(const BitSet* other, uint32_t w) const { return other ? words_[w] & other->words_[w] : words_[w]; }

  uint32_t next_common(const BitSet* other, uint32_t from) const {
    if (size_ == 0) return kNone;
    if (from >= size_) from = 0;
    const uint32_t n = static_cast<uint32_t>(words_.size());
    const uint32_t first = from >> 6;
    // The first word, from `from` on; then the following words, wrapping; then the first word's low part.
    uint64_t bits = word(other, first) & (~0ULL << (from & 63));
    if (bits) return first * 64 + static_cast<uint32_t>(__builtin_ctzll(bits));
    for (uint32_t k = 1; k <= n; ++k) {
      uint32_t w = (first + k) % n;
      bits = word(other, w);
      if (w == first) bits &= (from & 63) ? ((1ULL << (from & 63)) - 1) : 0;
      if (bits) return w * 64 + static_cast<uint32_t>(__builtin_ctzll(bits));
    }
    return kNone;
  }

  uint32_t size_ = 0;
  std::vector<uint64_t> words_;
};

}  // namespace snsim
