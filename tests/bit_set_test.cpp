// BitSet's round-robin search against a plain linear scan, for sizes around word boundaries.
#include <gtest/gtest.h>

#include "models/core/bit_set.h"
#include "models/core/rng.h"

namespace snsim {
namespace {

uint32_t linear_next(const std::vector<bool>& a, const std::vector<bool>* b, uint32_t from) {
  const uint32_t n = static_cast<uint32_t>(a.size());
  for (uint32_t k = 0; k < n; ++k) {
    uint32_t i = (from + k) % n;
    if (a[i] && (!b || (*b)[i])) return i;
  }
  return BitSet::kNone;
}

TEST(BitSet, NextFromMatchesALinearScan) {
  Rng rng(3, "bitset");
  for (uint32_t size : {1u, 5u, 63u, 64u, 65u, 128u, 130u, 200u}) {
    for (int trial = 0; trial < 200; ++trial) {
      BitSet a(size), b(size);
      std::vector<bool> ra(size), rb(size);
      const double density = (trial % 4 + 1) / 16.0;
      for (uint32_t i = 0; i < size; ++i) {
        if (rng.uniform() < density) a.set(i), ra[i] = true;
        if (rng.uniform() < 0.5) b.set(i), rb[i] = true;
      }
      uint32_t from = static_cast<uint32_t>(rng.below(size));
      ASSERT_EQ(a.next_from(from), linear_next(ra, nullptr, from)) << size << " from " << from;
      ASSERT_EQ(a.next_from(b, from), linear_next(ra, &rb, from)) << size << " from " << from;
      std::vector<uint32_t> members;
      a.for_each([&](uint32_t i) { members.push_back(i); });
      std::vector<uint32_t> expected;
      for (uint32_t i = 0; i < size; ++i) {
        if (ra[i]) expected.push_back(i);
      }
      ASSERT_EQ(members, expected);
      ASSERT_EQ(a.any(), !expected.empty());
    }
  }
}

TEST(BitSet, SetResetClear) {
  BitSet s(70);
  s.set(69);
  s.set(3);
  EXPECT_TRUE(s.test(69));
  EXPECT_EQ(s.next_from(4), 69u);
  EXPECT_EQ(s.next_from(69), 69u);
  s.reset(69);
  EXPECT_EQ(s.next_from(4), 3u);  // wraps around
  s.clear();
  EXPECT_EQ(s.next_from(0), BitSet::kNone);
}

}  // namespace
}  // namespace snsim
