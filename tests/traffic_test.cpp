// Destination patterns, checked directly against their definitions (Dally and Towles 2004, ch. 3).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "models/core/config.h"
#include "models/endpoint/traffic.h"

namespace snsim {
namespace {

Workload workload(const std::string& yaml, uint32_t endpoints) {
  auto doc = ConfigDocument::load_string(yaml, "w.yaml");
  return read_workload(doc->root().section("workload"), endpoints, 1, 99);
}

TEST(Traffic, UniformNoSelfNeverPicksTheSourceAndCoversTheRest) {
  Workload w = workload("workload:\n  load: 1\n  pattern: uniform_no_self\n", 8);
  Rng rng(1, "t");
  for (uint32_t s = 0; s < 8; ++s) {
    std::set<uint32_t> seen;
    for (int i = 0; i < 2000; ++i) {
      uint32_t d = pick_destination(w, 8, s, rng);
      ASSERT_NE(d, s);
      ASSERT_LT(d, 8u);
      seen.insert(d);
    }
    EXPECT_EQ(seen.size(), 7u);
  }
}

TEST(Traffic, TransposeSwapsIndexHalves) {
  Workload w = workload("workload:\n  load: 1\n  pattern: transpose\n", 16);
  Rng rng(1, "t");
  // 16 endpoints = 4 x 4: (row, col) -> (col, row); index = 4 * row + col.
  for (uint32_t row = 0; row < 4; ++row)
    for (uint32_t col = 0; col < 4; ++col) EXPECT_EQ(pick_destination(w, 16, 4 * row + col, rng), 4 * col + row);
}

TEST(Traffic, BitComplement) {
  Workload w = workload("workload:\n  load: 1\n  pattern: bit_complement\n", 16);
  Rng rng(1, "t");
  for (uint32_t s = 0; s < 16; ++s) EXPECT_EQ(pick_destination(w, 16, s, rng), 15 - s);
}

TEST(Traffic, PermutationIsABijectionFixedByTheSeed) {
  Workload w = workload("workload:\n  load: 1\n  pattern: permutation\n", 64);
  Workload again = workload("workload:\n  load: 1\n  pattern: permutation\n", 64);
  std::vector<uint32_t> sorted = w.permutation;
  std::sort(sorted.begin(), sorted.end());
  for (uint32_t i = 0; i < 64; ++i) EXPECT_EQ(sorted[i], i);
  EXPECT_EQ(w.permutation, again.permutation);
  Rng rng(1, "t");
  for (uint32_t s = 0; s < 64; ++s) EXPECT_EQ(pick_destination(w, 64, s, rng), w.permutation[s]);
}

TEST(Traffic, HotspotFraction) {
  Workload w = workload(
      "workload:\n  load: 1\n  pattern: hotspot\n  hotspot:\n    nodes: [3]\n    fraction: 0.25\n", 16);
  Rng rng(5, "t");
  const int n = 100000;
  int to_hotspot = 0;
  for (int i = 0; i < n; ++i) to_hotspot += pick_destination(w, 16, 0, rng) == 3;
  // 0.25 directly plus 0.75 / 16 from the uniform part.
  EXPECT_NEAR(to_hotspot / double(n), 0.25 + 0.75 / 16, 0.01);
}

TEST(Traffic, SizeMixFollowsWeights) {
  Workload w = workload(
      "workload:\n  load: 1\n  packet_sizes:\n    - {size: 64B, weight: 3}\n    - {size: 256B, weight: 1}\n", 4);
  Rng rng(5, "t");
  int small = 0;
  for (int i = 0; i < 40000; ++i) small += pick_size(w, rng) == 64;
  EXPECT_NEAR(small / 40000.0, 0.75, 0.01);
}

}  // namespace
}  // namespace snsim
