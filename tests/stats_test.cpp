// Statistics primitives against hand-computed values.
#include <gtest/gtest.h>

#include "models/stats/latency_histogram.h"
#include "models/stats/queue_stats.h"

namespace snsim {
namespace {

TEST(LatencyHistogram, ExactNearestRankPercentiles) {
  LatencyHistogram h;
  for (uint64_t v = 1000; v >= 1; --v) h.add(v);  // order must not matter
  EXPECT_EQ(h.count(), 1000u);
  EXPECT_DOUBLE_EQ(h.mean(), 500.5);
  EXPECT_EQ(h.percentile(0.5), 500u);
  EXPECT_EQ(h.percentile(0.99), 990u);
  EXPECT_EQ(h.percentile(0.999), 999u);
  EXPECT_EQ(h.percentile(1.0), 1000u);
  EXPECT_EQ(h.min(), 1u);
  EXPECT_EQ(h.max(), 1000u);
}

TEST(LatencyHistogram, MergeEqualsAddingEverything) {
  LatencyHistogram a, b, all;
  for (uint64_t v = 0; v < 300; ++v) {
    (v % 3 ? a : b).add(v * 7 % 101);
    all.add(v * 7 % 101);
  }
  a.merge(b);
  EXPECT_EQ(a.count(), all.count());
  EXPECT_DOUBLE_EQ(a.mean(), all.mean());
  for (double q : {0.1, 0.5, 0.9, 0.99}) EXPECT_EQ(a.percentile(q), all.percentile(q));
  EXPECT_EQ(a.nonzero(), all.nonzero());
}

TEST(LatencyHistogram, EmptyIsZero) {
  LatencyHistogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.percentile(0.99), 0u);
  EXPECT_EQ(h.max(), 0u);
}

TEST(QueueStats, TimeWeightedMeanAndMaxInsideTheWindowOnly) {
  Window w{10, 20};
  QueueStats q("q", "flits", 8, w);
  q.change(5, +2);   // level 2 over [5, 15): 5 cycles inside the window
  q.change(15, +1);  // level 3 over [15, 25): 5 cycles inside
  q.change(25, -3);
  q.change(30, +7);  // outside the window: must not count toward max
  q.finish();
  EXPECT_DOUBLE_EQ(q.mean(), (2.0 * 5 + 3.0 * 5) / 10);
  EXPECT_EQ(q.max(), 3);
}

TEST(QueueStats, LevelHeldAcrossTheWindowStartCountsTowardMax) {
  Window w{100, 200};
  QueueStats q("q", "flits", 8, w);
  q.change(0, +5);
  q.change(150, -4);
  q.finish();
  EXPECT_EQ(q.max(), 5);
  EXPECT_DOUBLE_EQ(q.mean(), (5.0 * 50 + 1.0 * 50) / 100);
}

}  // namespace
}  // namespace snsim
