// Randomized runs of every profile, scheduler, page policy and refresh mode: the independent timing
// checker sees every command and finds no JEDEC violation, and every request is answered exactly once.
// Then the converse: a scheduler given a wrong timing is caught by a checker given the right one.
#include <gtest/gtest.h>

#include <iostream>
#include <tuple>

#include "tests/hbm/hbm_test_support.h"

namespace snsim::hbm {
namespace {

using nlohmann::json;

// Random reads and writes (60 % reads) over 8 MiB: every bank, a few dozen rows each, so the stream has
// row hits, misses and conflicts, fills the queues at times and drives write drains and turnarounds.
HbmDriverParams mixed(uint32_t bytes, uint64_t seed) {
  HbmDriverParams d;
  d.pattern = Pattern::Random;
  d.request_bytes = bytes;
  d.read_fraction = 0.6;
  d.range = uint64_t(8) << 20;
  d.per_cycle = 4;
  d.max_outstanding = 512;
  d.seed = seed;
  return d;
}

HbmRunOptions short_run() {
  HbmRunOptions o;
  o.warmup = 2000;
  o.measure = 18000;  // > 2 x tREFI of every profile: all-bank refresh happens at least twice
  return o;
}

using Combo = std::tuple<std::string, std::string, std::string, std::string>;  // profile, scheduler, page, refresh

class EveryPolicy : public testing::TestWithParam<Combo> {};

TEST_P(EveryPolicy, TimingCheckerFindsNoViolation) {
  const auto& [profile, scheduler, page, refresh] = GetParam();
  const HbmConfig c = test::profile(profile, {"hbm.controller.scheduler=" + scheduler, "hbm.controller.page_policy=" + page,
                                              "hbm.controller.refresh=" + refresh, "hbm.controller.check_timing=true"});
  const uint32_t bytes = page == "open" ? 64 : page == "closed" ? 32 : 128;
  json r = test::run(c, mixed(bytes, 11), short_run());
  const json& total = r["memory_total"];
  EXPECT_EQ(r["checker"]["violations"], 0) << r["checker"]["examples"];
  // The checker saw every command the controller counted.
  const uint64_t commands = total["activates"].get<uint64_t>() + total["precharges"].get<uint64_t>() +
                            total["precharge_alls"].get<uint64_t>() + total["read_bursts"].get<uint64_t>() +
                            total["write_bursts"].get<uint64_t>() + total["refreshes"].get<uint64_t>();
  EXPECT_EQ(r["checker"]["commands"].get<uint64_t>(), commands);
  // Every request answered once, none in error, and the run exercised what it should.
  EXPECT_TRUE(r["driver"]["drained"].get<bool>());
  EXPECT_EQ(r["driver"]["issued"], r["driver"]["completed"]);
  EXPECT_EQ(r["driver"]["errors"], 0);
  EXPECT_GT(r["driver"]["completed"].get<uint64_t>(), 1000u);
  EXPECT_GE(total["refreshes"].get<uint64_t>(), 2u * c.org.total_pcs());
  EXPECT_GT(total["read_write_turnarounds"].get<uint64_t>(), 0u);
  EXPECT_GT(total["write_bursts"].get<uint64_t>(), 0u);
  if (page != "closed") {
    EXPECT_GT(total["row_hits"].get<uint64_t>(), 0u);
  }
  if (page == "open") {
    EXPECT_GT(total["row_conflicts"].get<uint64_t>(), 0u);
  }
  if (page == "closed") {
    EXPECT_EQ(total["auto_precharges"], total["read_bursts"].get<uint64_t>() + total["write_bursts"].get<uint64_t>());
  }
  if (refresh == "all_bank") {
    EXPECT_GT(total["precharge_alls"].get<uint64_t>(), 0u);
  }
}

std::string combo_name(const testing::TestParamInfo<Combo>& info) {
  const auto& [p, s, g, r] = info.param;
  return p + "_" + s + "_" + g + "_" + r;
}

INSTANTIATE_TEST_SUITE_P(Hbm, EveryPolicy,
                         testing::Combine(testing::Values("hbm2", "hbm3", "hbm3e", "hbm4"),
                                          testing::Values("fr_fcfs", "fcfs"),
                                          testing::Values("open", "closed", "adaptive"),
                                          testing::Values("all_bank", "per_bank")),
                         combo_name);

// --- a scheduler with a wrong timing is caught ---------------------------------------------------------

struct Mutation {
  const char* override;  // the scheduler's (wrong) value
  const char* rule;      // what a checker with the profile's value must flag
};

void PrintTo(const Mutation& m, std::ostream* os) { *os << m.override; }

class WrongTiming : public testing::TestWithParam<Mutation> {};

TEST_P(WrongTiming, IsCaughtByACheckerWithTheRightOne) {
  const Mutation& m = GetParam();
  const HbmConfig right = test::profile("hbm3");
  const HbmConfig wrong = test::profile("hbm3", {m.override, "hbm.controller.page_policy=open",
                                                 "hbm.controller.check_timing=true"});
  HbmRunOptions o = short_run();
  o.measure = 8000;
  o.reference_timing = right.timing;
  HbmDriverParams d = mixed(64, 5);
  d.range = uint64_t(1) << 20;  // 1 MiB: frequent conflicts and bank-group collisions
  d.per_cycle = 8;
  json r = test::run(wrong, d, o);
  EXPECT_EQ(r["checker"]["violations"], 0) << "the scheduler keeps the timing it was given: " << r["checker"]["examples"];
  EXPECT_GT(r["reference_checker"]["by_rule"].value(m.rule, 0), 0) << r["reference_checker"].dump();
  std::cout << m.override << ": " << r["reference_checker"]["by_rule"].dump() << "\n";
}

INSTANTIATE_TEST_SUITE_P(Hbm3, WrongTiming,
                         testing::Values(Mutation{"hbm.timing.trcd_rd=27cycles", "tRCD_RD"},
                                         Mutation{"hbm.timing.trp=20cycles", "tRP"},
                                         Mutation{"hbm.timing.tfaw=12cycles", "tFAW"},
                                         Mutation{"hbm.timing.tccd_l=2cycles", "tCCD_L"},
                                         Mutation{"hbm.timing.twtr_l=8cycles", "tWTR_L"},
                                         Mutation{"hbm.timing.trtw=10cycles", "tRTW"},
                                         Mutation{"hbm.timing.trfc_pb=200cycles", "tRFCpb"}),
                         [](const testing::TestParamInfo<Mutation>& info) {
                           std::string rule = info.param.rule;
                           for (char& ch : rule) {
                             if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return rule;
                         });

// --- determinism -----------------------------------------------------------------------------------------

TEST(HbmDeterminism, SameSeedSameReportOtherSeedOtherReport) {
  const HbmConfig c = test::profile("hbm3");
  HbmRunOptions o = short_run();
  o.measure = 5000;
  json a = test::run(c, mixed(64, 3), o), b = test::run(c, mixed(64, 3), o), other = test::run(c, mixed(64, 4), o);
  EXPECT_EQ(a.dump(), b.dump());
  EXPECT_NE(a.dump(), other.dump());
}

}  // namespace
}  // namespace snsim::hbm
