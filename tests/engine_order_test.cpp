// The clock domain's calendar (a timing wheel of kWheel cycles plus a heap for later requests) steps
// components in cycle order, and within a cycle in registration order, however far ahead they asked.
#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "models/core/clock_domain.h"
#include "models/core/ring_queue.h"
#include "tests/test_support.h"

namespace snsim {
namespace {

using nlohmann::json;
using Log = std::vector<std::pair<uint64_t, int>>;

// Steps through a fixed list of cycles, asking for the next one after each step.
class Stepper : public Component {
 public:
  Stepper(const sc_core::sc_module_name& name, ClockDomain& d, int id, std::vector<uint64_t> cycles, Log& log)
      : Component(name, d), id_(id), cycles_(std::move(cycles)), log_(log) {}
  void start() { wake_at(cycles_[0]); }
  void step(uint64_t cycle) override {
    log_.emplace_back(cycle, id_);
    if (++next_ < cycles_.size()) wake_at(cycles_[next_]);
  }

 private:
  int id_;
  std::vector<uint64_t> cycles_;
  size_t next_ = 0;
  Log& log_;
};

TEST(ClockDomain, FarAndNearRequestsStepInCycleThenRegistrationOrder) {
  // Cycles straddle the wheel's 256-cycle range, its wrap-around and far beyond it.
  const std::vector<std::vector<uint64_t>> plans = {
      {1, 2, 255, 256, 257, 511, 512, 100000},
      {2, 256, 300, 512, 513, 70000, 100000},
      {1, 3, 257, 258, 1000, 1001, 100000, 100001},
  };
  json r = run_isolated([&plans] {
    Log log;
    ClockDomain domain("clock", 1e9);
    // Registered in reverse so that registration order differs from the plans' order.
    Stepper c("c", domain, 2, plans[2], log), b("b", domain, 1, plans[1], log), a("a", domain, 0, plans[0], log);
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    a.start();
    b.start();
    c.start();
    sc_core::sc_start();
    json steps = json::array();
    for (const auto& [cycle, id] : log) steps.push_back({cycle, id});
    return json{{"steps", steps}, {"end", domain.now()}};
  });
  // Expected: every planned (cycle, stepper), sorted by cycle, then by registration slot (c=2 first,
  // then b=1, then a=0).
  std::vector<std::pair<uint64_t, int>> expected;
  for (int id = 0; id < 3; ++id) {
    for (uint64_t cycle : plans[id]) expected.emplace_back(cycle, id);
  }
  std::sort(expected.begin(), expected.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first < y.first : x.second > y.second;
  });
  std::vector<std::pair<uint64_t, int>> got;
  for (const json& s : r["steps"]) got.emplace_back(s[0].get<uint64_t>(), s[1].get<int>());
  EXPECT_EQ(got, expected);
  EXPECT_EQ(r["end"].get<uint64_t>(), 100001u);
}

TEST(RingQueue, KeepsFifoOrderAcrossWrapAroundAndGrowth) {
  RingQueue<int> q;
  std::vector<int> popped;
  int next = 0;
  // Interleave pushes and pops so that the head moves around the buffer before every growth.
  for (int round = 0; round < 50; ++round) {
    for (int k = 0; k < round % 7 + 1; ++k) q.push_back(next++);
    for (int k = 0; k < round % 3 && !q.empty(); ++k) {
      popped.push_back(q.front());
      q.pop_front();
    }
    if (!q.empty()) {
      EXPECT_EQ(q.back(), next - 1);
      EXPECT_EQ(q[q.size() - 1], next - 1);
    }
  }
  while (!q.empty()) {
    popped.push_back(q.front());
    q.pop_front();
  }
  ASSERT_EQ(popped.size(), size_t(next));
  for (int i = 0; i < next; ++i) EXPECT_EQ(popped[i], i);
}

}  // namespace
}  // namespace snsim
