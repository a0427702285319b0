// The timing checker catches illegal command sequences. Each case feeds a short sequence whose last
// command comes one cycle too early and expects the named rule to be flagged; the same sequence with that
// command one cycle later must be clean, so the checker's boundary is exact in both directions.
#include <gtest/gtest.h>

#include <iostream>

#include "models/hbm/timing_checker.h"
#include "tests/hbm/hbm_test_support.h"

namespace snsim::hbm {
namespace {

using CT = CommandType;

struct Step {
  uint64_t at;
  CT type;
  uint16_t bank = 0;
  uint32_t row = 1;
  uint16_t pc = 0;
  uint32_t channel = 0;
};

struct Case {
  const char* rule;         // what the early probe must trigger
  std::vector<Step> setup;  // legal commands before the probe
  Step probe;               // its `at` is the first legal cycle; the test also tries at - 1
};

HbmConfig hbm3() { return test::profile("hbm3"); }

TimingChecker make_checker(const HbmConfig& c, RefreshMode refresh = RefreshMode::Off) {
  TimingChecker::Options o = TimingChecker::options_from(c.controller);
  o.refresh = refresh;
  return TimingChecker(c.org, c.timing, o);
}

void feed(TimingChecker& chk, const Step& s, uint64_t at) {
  Command c;
  c.cycle = at;
  c.type = s.type;
  c.bank = s.bank;
  c.row = s.row;
  c.pc = s.pc;
  c.channel = s.channel;
  chk.on_command(c);
}

// HBM3 at 1.6 GHz: tRCD 31/15, tRP 26, tRAS 45, tRC 72, tRRD 4/5, tFAW 24, tCCD 2/4, WL 10, RL 20, BL 2,
// tWTR 7/10, tRTW 20, tWR 33, tRTP 9, tPPD 2, tRFC 560, tRFCpb 320, tRREFD 13; ACT holds the row bus 2 CK.
// Banks 0..3 share bank group 0, bank 4 is in group 1.
std::vector<Case> cases() {
  return {
      {"tRCD_RD", {{0, CT::Act}}, {31, CT::Rd}},
      {"tRCD_WR", {{0, CT::Act}}, {15, CT::Wr}},
      {"tRAS", {{0, CT::Act}}, {45, CT::Pre}},
      {"tRP", {{0, CT::Act}, {100, CT::Pre}}, {126, CT::Act, 0, 2}},
      {"tRC", {{0, CT::Act}, {45, CT::Pre}}, {72, CT::Act, 0, 2}},
      {"tRRD_S", {{0, CT::Act}}, {4, CT::Act, 4}},
      {"tRRD_L", {{0, CT::Act}}, {5, CT::Act, 1}},
      {"tFAW", {{0, CT::Act, 0}, {4, CT::Act, 4}, {8, CT::Act, 8}, {12, CT::Act, 12}}, {24, CT::Act, 1}},
      {"tCCD_L", {{0, CT::Act, 0}, {10, CT::Act, 1}, {50, CT::Rd, 0}}, {54, CT::Rd, 1}},
      {"tCCD_S", {{0, CT::Act, 0}, {10, CT::Act, 4}, {50, CT::Rd, 0}}, {52, CT::Rd, 4}},
      {"tWTR_L", {{0, CT::Act, 0}, {10, CT::Act, 1}, {50, CT::Wr, 0}}, {72, CT::Rd, 1}},
      {"tWTR_S", {{0, CT::Act, 0}, {10, CT::Act, 4}, {50, CT::Wr, 0}}, {69, CT::Rd, 4}},
      {"tRTW", {{0, CT::Act, 0}, {10, CT::Act, 4}, {50, CT::Rd, 0}}, {70, CT::Wr, 4}},
      {"tWR", {{0, CT::Act}, {50, CT::Wr}}, {95, CT::Pre}},
      {"tRTP", {{0, CT::Act}, {50, CT::Rd}}, {59, CT::Pre}},
      {"tPPD", {{0, CT::Act, 0}, {10, CT::Act, 4}, {100, CT::Pre, 0}}, {102, CT::Pre, 4}},
      // Auto-precharge: RDA at 60 precharges at max(60 + tRTP, 0 + tRAS) = 69, so ACT from 95.
      {"tRP", {{0, CT::Act}, {60, CT::RdA}}, {95, CT::Act, 0, 2}},
      // WRA at 50 precharges at 50 + WL + BL + tWR = 95, so ACT from 121.
      {"tRP", {{0, CT::Act}, {50, CT::WrA}}, {121, CT::Act, 0, 2}},
      // RDA early in the row: the precharge waits for tRAS (45), so ACT from 71 ... and tRC (72).
      {"tRC", {{0, CT::Act}, {31, CT::RdA}}, {72, CT::Act, 0, 2}},
      {"tRFC", {{0, CT::RefAb}}, {560, CT::Act}},
      {"tRFCpb", {{0, CT::RefPb, 0}}, {320, CT::Act, 0}},
      {"tRREFD", {{0, CT::RefPb, 0}}, {13, CT::Act, 4}},
      {"tRREFD", {{0, CT::RefPb, 0}}, {13, CT::RefPb, 5}},
      {"tRRD_S(ACT-REFpb)", {{0, CT::Act, 0}}, {4, CT::RefPb, 4}},
      {"tRP", {{0, CT::Act, 0}, {100, CT::Pre, 0}}, {126, CT::RefPb, 0}},
      {"tRP", {{0, CT::Act, 0}, {100, CT::Pre, 0}}, {126, CT::RefAb}},
      // Shared command buses: an ACT holds the channel's row bus for 2 CK, even for the other
      // pseudo-channel; one column command per CK.
      {"row bus", {{0, CT::Act, 0, 1, 0}}, {2, CT::Act, 0, 1, 1}},
      {"column bus", {{0, CT::Act, 0, 1, 0}, {2, CT::Act, 0, 1, 1}, {50, CT::Rd, 0, 1, 0}}, {51, CT::Rd, 0, 1, 1}},
  };
}

TEST(HbmChecker, FlagsEachRuleOneCycleEarlyAndAcceptsItOnTime) {
  const HbmConfig c = hbm3();
  for (const Case& k : cases()) {
    SCOPED_TRACE(std::string(k.rule) + " probe at " + std::to_string(k.probe.at));
    TimingChecker early = make_checker(c), on_time = make_checker(c);
    for (const Step& s : k.setup) {
      feed(early, s, s.at);
      feed(on_time, s, s.at);
    }
    ASSERT_EQ(early.violations(), 0u) << "setup must be legal: " << (early.examples().empty() ? "" : early.examples()[0]);
    feed(early, k.probe, k.probe.at - 1);
    feed(on_time, k.probe, k.probe.at);
    EXPECT_GE(early.violations(), 1u);
    EXPECT_EQ(early.violations_by_rule().count(k.rule), 1u) << (early.examples().empty() ? "no violation" : early.examples()[0]);
    EXPECT_EQ(on_time.violations(), 0u) << (on_time.examples().empty() ? "" : on_time.examples()[0]);
  }
}

TEST(HbmChecker, FlagsOverlappingBurstsOnTheDataBus) {
  // With HBM3's tRTW a write can never land on a read's data, so shrink tRTW to expose the data-bus
  // rule alone: RD at 50 has data in [70, 72); WR at t has data in [t + 10, t + 12).
  HbmConfig c = hbm3();
  c.timing.trtw = 1;
  for (uint64_t at : {61u, 62u}) {
    TimingChecker chk = make_checker(c);
    feed(chk, {0, CT::Act, 0}, 0);
    feed(chk, {10, CT::Act, 4}, 10);
    feed(chk, {50, CT::Rd, 0}, 50);
    feed(chk, {at, CT::Wr, 4}, at);
    if (at == 61) {
      EXPECT_EQ(chk.violations_by_rule().count("data bus"), 1u);
      EXPECT_EQ(chk.violations(), 1u) << chk.examples()[0];
    } else {
      EXPECT_EQ(chk.violations(), 0u) << chk.examples()[0];
    }
  }
}

TEST(HbmChecker, FlagsIllegalBankStates) {
  const HbmConfig c = hbm3();
  struct StateCase {
    std::vector<Step> steps;
    const char* what;
  };
  const StateCase state_cases[] = {
      {{{50, CT::Rd, 0}}, "column access to a closed bank"},
      {{{0, CT::Act, 0, 1}, {50, CT::Rd, 0, 2}}, "while row 1 is open"},
      {{{0, CT::Act, 0, 1}, {100, CT::Act, 0, 2}}, "ACT to a bank whose row 1 is open"},
      {{{0, CT::Act, 3, 1}, {100, CT::RefAb}}, "REFab while bank 3 is open"},
      {{{0, CT::Act, 3, 1}, {100, CT::RefPb, 3}}, "REFpb to an open bank"},
      {{{0, CT::Act, 0, 1}, {50, CT::RdA, 0, 1}, {80, CT::Rd, 0, 1}}, "column access to a closed bank"},
  };
  for (const StateCase& k : state_cases) {
    SCOPED_TRACE(k.what);
    TimingChecker chk = make_checker(c);
    for (const Step& s : k.steps) feed(chk, s, s.at);
    ASSERT_EQ(chk.violations_by_rule().count("state"), 1u);
    bool found = false;
    for (const auto& e : chk.examples()) found = found || e.find(k.what) != std::string::npos;
    EXPECT_TRUE(found) << chk.examples()[0];
  }
}

TEST(HbmChecker, FlagsRefreshThatFallsBehind) {
  const HbmConfig c = hbm3();
  const uint64_t trefi = c.timing.trefi;
  TimingChecker ok = make_checker(c, RefreshMode::AllBank), late = make_checker(c, RefreshMode::AllBank);
  for (uint64_t k = 1; k <= 12; ++k) {
    Command r;
    r.type = CT::RefAb;
    for (uint32_t ch = 0; ch < c.org.channels; ++ch) {
      for (uint16_t pc = 0; pc < 2; ++pc) {
        r.pc = pc;
        r.channel = ch;
        r.cycle = k * trefi + 2 * ch + pc;  // in time order; one row command per bus per CK
        ok.on_command(r);
        if (ch != 5 || pc != 1) late.on_command(r);  // channel 5, pseudo-channel 1 is never refreshed
      }
    }
  }
  ok.finish(12 * trefi + 100);
  late.finish(12 * trefi + 100);
  EXPECT_EQ(ok.violations(), 0u) << (ok.examples().empty() ? "" : ok.examples()[0]);
  EXPECT_EQ(late.violations_by_rule().count("refresh interval"), 1u);
  EXPECT_NE(late.examples().at(0).find("ch5 pc1"), std::string::npos) << late.examples()[0];
}

TEST(HbmChecker, FlagsCommandsOutOfOrderAndOutOfRange) {
  const HbmConfig c = hbm3();
  TimingChecker chk = make_checker(c);
  feed(chk, {100, CT::Act, 0}, 100);
  feed(chk, {50, CT::Act, 4}, 50);
  EXPECT_EQ(chk.violations_by_rule().count("order"), 1u);
  feed(chk, {200, CT::Act, 16}, 200);  // 16 banks per pseudo-channel: no bank 16
  EXPECT_EQ(chk.violations_by_rule().count("address"), 1u);
}

}  // namespace
}  // namespace snsim::hbm
