// The random streams: reproducible, independent per name, and distributed as intended.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "models/core/rng.h"

namespace snsim {
namespace {

TEST(Rng, SameSeedAndNameGiveTheSameStream) {
  Rng a(42, "ep3.traffic"), b(42, "ep3.traffic");
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(a.next(), b.next());
}

TEST(Rng, DifferentNamesOrSeedsGiveDifferentStreams) {
  Rng a(42, "ep3.traffic"), b(42, "ep4.traffic"), c(43, "ep3.traffic");
  int same_ab = 0, same_ac = 0;
  for (int i = 0; i < 1000; ++i) {
    uint64_t x = a.next();
    same_ab += x == b.next();
    same_ac += x == c.next();
  }
  EXPECT_EQ(same_ab, 0);
  EXPECT_EQ(same_ac, 0);
}

TEST(Rng, BelowIsUniform) {
  // Chi-square over 16 bins, 160000 draws: 15 degrees of freedom, p = 1e-6 critical value is about 54.
  Rng r(7, "below");
  std::vector<int> bins(16, 0);
  const int draws = 160000;
  for (int i = 0; i < draws; ++i) {
    uint64_t v = r.below(16);
    ASSERT_LT(v, 16u);
    ++bins[v];
  }
  double chi2 = 0, expected = draws / 16.0;
  for (int b : bins) chi2 += (b - expected) * (b - expected) / expected;
  EXPECT_LT(chi2, 54.0);
}

TEST(Rng, GeometricGapsGiveABernoulliRate) {
  // A Bernoulli(p) process has mean gap (1-p)/p failures between successes.
  for (double p : {0.05, 0.3, 0.9}) {
    Rng r(11, "geometric");
    const int n = 200000;
    double sum = 0;
    for (int i = 0; i < n; ++i) sum += static_cast<double>(r.geometric(p));
    double mean = sum / n, expected = (1 - p) / p;
    double sd = std::sqrt((1 - p) / (p * p)) / std::sqrt(double(n));
    EXPECT_NEAR(mean, expected, 5 * sd + 1e-12) << "p = " << p;
  }
  Rng r(1, "g");
  EXPECT_EQ(r.geometric(1.0), 0u);
}

}  // namespace
}  // namespace snsim
