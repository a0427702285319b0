// Zero-load latency: a lone request to a closed bank takes tRCD + RL + tBURST, a row hit RL + tBURST, a
// row conflict tRP + tRCD + RL + tBURST (reads; WL and tRCD_WR for writes), for every profile and in the
// cycles the profile's timing says. The driver's latency also counts the one cycle a request needs to
// reach the scheduler (hbm_controller.h), so it is the sum + 1.
#include <gtest/gtest.h>

#include <iomanip>
#include <iostream>

#include "tests/hbm/hbm_test_support.h"

namespace snsim::hbm {
namespace {

using nlohmann::json;

struct Scripted {
  HbmDriverParams driver;
  std::vector<uint64_t> expected;
  std::vector<std::string> what;
};

uint64_t address(const HbmConfig& c, uint32_t bank_group, uint32_t bank, uint32_t row, uint32_t column = 4) {
  DecodedAddress d;
  d.channel = 3 % c.org.channels;
  d.pc = 1 % c.org.pseudo_channels;
  d.bank_group = bank_group % c.org.bank_groups;
  d.bank = bank % c.org.banks_per_group;
  d.row = row;
  d.column = column;
  return c.mapping.encode(d);
}

json run_script(const HbmConfig& c, const std::vector<ScriptedRequest>& script) {
  HbmDriverParams d;
  d.pattern = Pattern::Script;
  d.script = script;
  HbmRunOptions o;
  o.warmup = 0;
  o.measure = script.back().cycle + 1000;
  return test::run(c, d, o);
}

TEST(HbmLatency, ZeroLoadLatencyIsTheSumOfItsTimings) {
  std::cout << "profile   read miss   read hit   read conflict   write miss   write hit   64 B read miss  (CK, +1 front end)\n";
  for (const std::string& p : test::profiles()) {
    SCOPED_TRACE(p);
    const HbmConfig c = test::profile(p, {"hbm.controller.refresh=off", "hbm.controller.page_policy=open",
                                          "hbm.controller.check_timing=true"});
    const HbmTiming& t = c.timing;
    const uint64_t a = address(c, 2, 1, 10), b = address(c, 2, 1, 11), w = address(c, 0, 2, 5);
    const uint64_t pair = address(c, 1, 3, 7, 6);  // 64 B from an even column: two bursts, same row
    const std::vector<ScriptedRequest> script = {
        {100, a, 32, false},    // closed bank: miss
        {1000, a, 32, false},   // same row, still open: hit
        {2000, b, 32, false},   // same bank, other row: conflict
        {3000, w, 32, true},    // write to a closed bank
        {4000, w, 32, true},    // write hit
        {5000, pair, 64, false},  // two bursts in one bank group: the second waits tCCD_L
    };
    const std::vector<uint64_t> expected = {
        1 + t.trcd_rd + t.rl + t.burst,
        1 + t.rl + t.burst,
        1 + t.trp + t.trcd_rd + t.rl + t.burst,
        1 + t.trcd_wr + t.wl + t.burst,
        1 + t.wl + t.burst,
        1 + t.trcd_rd + t.tccd_l + t.rl + t.burst,
    };
    json r = run_script(c, script);
    ASSERT_EQ(r["script_latencies"].size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      EXPECT_EQ(r["script_latencies"][i].get<uint64_t>(), expected[i]) << "request " << i;
    }
    EXPECT_EQ(r["checker"]["violations"], 0) << r["checker"]["examples"];
    EXPECT_EQ(r["memory_total"]["row_misses"], 3);      // a, w and the 64 B pair's first burst
    EXPECT_EQ(r["memory_total"]["row_conflicts"], 1);   // b
    EXPECT_EQ(r["memory_total"]["row_hits"], 3);        // a again, w again, the pair's second burst
    const double ns = 1e9 / c.org.clock_hz;
    std::cout << std::left << std::setw(8) << p;
    for (uint64_t v : r["script_latencies"]) std::cout << "  " << std::setw(4) << v << "(" << std::setw(5) << std::setprecision(4) << v * ns << " ns)";
    std::cout << "\n";
  }
}

TEST(HbmLatency, ClosedAndAdaptivePagesCloseTheRowOfALoneRequest) {
  for (const char* policy : {"closed", "adaptive"}) {
    SCOPED_TRACE(policy);
    const HbmConfig c = test::profile("hbm3", {"hbm.controller.refresh=off",
                                               std::string("hbm.controller.page_policy=") + policy,
                                               "hbm.controller.check_timing=true"});
    const HbmTiming& t = c.timing;
    const uint64_t a = address(c, 2, 1, 10), b = address(c, 2, 1, 11);
    json r = run_script(c, {{100, a, 32, false}, {1000, a, 32, false}, {2000, b, 32, false}});
    // Every request finds its bank closed (precharged by the auto-precharge of the one before).
    for (int i = 0; i < 3; ++i) EXPECT_EQ(r["script_latencies"][i].get<uint64_t>(), 1 + t.trcd_rd + t.rl + t.burst);
    EXPECT_EQ(r["memory_total"]["auto_precharges"], 3);
    EXPECT_EQ(r["checker"]["violations"], 0);
  }
}

TEST(HbmLatency, BackToBackRequestsToAClosedRowPipelineBehindOneActivate) {
  // Eight 32 B reads to one row, sent in one cycle: one ACT, then column commands every tCCD_L (same
  // bank group): the last completes at tRCD + 7 x tCCD_L + RL + tBURST.
  const HbmConfig c = test::profile("hbm3", {"hbm.controller.refresh=off", "hbm.controller.page_policy=open",
                                             "hbm.controller.check_timing=true"});
  const HbmTiming& t = c.timing;
  std::vector<ScriptedRequest> script;
  for (uint32_t col = 0; col < 8; ++col) script.push_back({100, address(c, 1, 1, 9, col * 2), 32, false});
  json r = run_script(c, script);
  for (uint32_t i = 0; i < 8; ++i) {
    EXPECT_EQ(r["script_latencies"][i].get<uint64_t>(), 1 + t.trcd_rd + i * t.tccd_l + t.rl + t.burst) << i;
  }
  EXPECT_EQ(r["memory_total"]["activates"], 1);
  EXPECT_EQ(r["checker"]["violations"], 0);
}

}  // namespace
}  // namespace snsim::hbm
