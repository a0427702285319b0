// Arbiters on their own: the properties their papers state, checked on random and directed requests.
#include <gtest/gtest.h>

#include "models/core/rng.h"
#include "models/switch/arbiters.h"

namespace snsim {
namespace {

TEST(RoundRobinArbiter, ServesEveryRequesterWithinNGrants) {
  RoundRobinArbiter arbiter(5);
  BitSet all(5);
  for (uint32_t i = 0; i < 5; ++i) all.set(i);
  for (uint32_t round = 0; round < 3; ++round) {
    for (uint32_t i = 0; i < 5; ++i) EXPECT_EQ(arbiter.arbitrate(all), i);
  }
  BitSet some(5);
  some.set(1);
  some.set(3);
  EXPECT_EQ(arbiter.arbitrate(some), 1u);  // pointer was back at 0
  EXPECT_EQ(arbiter.arbitrate(some), 3u);
  EXPECT_EQ(arbiter.arbitrate(some), 1u);
  EXPECT_EQ(arbiter.arbitrate(BitSet(5)), BitSet::kNone);
  EXPECT_EQ(arbiter.pointer(), 2u);  // unchanged by an empty request
}

TEST(IslipAllocator, MatchesAreValid) {
  Rng rng(9, "islip");
  const uint32_t n = 12;
  IslipAllocator islip(n, 2);
  for (int cycle = 0; cycle < 2000; ++cycle) {
    std::vector<std::vector<bool>> req(n, std::vector<bool>(n, false));
    for (uint32_t i = 0; i < n; ++i)
      for (uint32_t j = 0; j < n; ++j)
        if (rng.uniform() < 0.2) req[i][j] = true, islip.request(i, j);
    const std::vector<int>& m = islip.allocate();
    std::vector<int> taken(n, 0);
    for (uint32_t i = 0; i < n; ++i) {
      if (m[i] < 0) continue;
      ASSERT_TRUE(req[i][m[i]]) << "matched an unrequested pair";
      ASSERT_EQ(taken[m[i]]++, 0) << "output matched twice";
    }
  }
}

TEST(IslipAllocator, DesynchronizesToAFullMatchUnderFullLoad) {
  // McKeown 1999: with every VOQ occupied, one-iteration iSLIP settles into a round-robin schedule in
  // which every input is matched every cycle (100 % throughput).
  const uint32_t n = 8;
  IslipAllocator islip(n, 1);
  size_t matched_in_last_cycles = 0;
  for (uint32_t cycle = 0; cycle < 3 * n; ++cycle) {
    for (uint32_t i = 0; i < n; ++i)
      for (uint32_t j = 0; j < n; ++j) islip.request(i, j);
    const std::vector<int>& m = islip.allocate();
    if (cycle == 0) {
      EXPECT_EQ(std::count_if(m.begin(), m.end(), [](int x) { return x >= 0; }), 1);  // all grant input 0
    }
    if (cycle >= 2 * n) matched_in_last_cycles += std::count_if(m.begin(), m.end(), [](int x) { return x >= 0; });
  }
  EXPECT_EQ(matched_in_last_cycles, size_t(n) * n);
}

TEST(IslipAllocator, EnoughIterationsGiveAMaximalMatch) {
  Rng rng(4, "islip-maximal");
  const uint32_t n = 10;
  IslipAllocator islip(n, n);
  for (int cycle = 0; cycle < 1000; ++cycle) {
    std::vector<std::vector<bool>> req(n, std::vector<bool>(n, false));
    for (uint32_t i = 0; i < n; ++i)
      for (uint32_t j = 0; j < n; ++j)
        if (rng.uniform() < 0.15) req[i][j] = true, islip.request(i, j);
    const std::vector<int>& m = islip.allocate();
    std::vector<bool> out_used(n, false);
    for (uint32_t i = 0; i < n; ++i) {
      if (m[i] >= 0) out_used[m[i]] = true;
    }
    for (uint32_t i = 0; i < n; ++i) {
      if (m[i] >= 0) continue;
      for (uint32_t j = 0; j < n; ++j) ASSERT_FALSE(req[i][j] && !out_used[j]) << "not maximal: " << i << "->" << j;
    }
  }
}

}  // namespace
}  // namespace snsim
