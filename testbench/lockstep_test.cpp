// Lock-step equivalence of the RTL blocks and their C++ twins (label rtl), and the proof that the
// harness would notice a difference: mutated RTL must be caught, with a report and a waveform.
#include <gtest/gtest.h>
#include <systemc>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <cstdlib>
#include <string>
#include <sys/stat.h>

#include "testbench/fst_summary.h"
#include "testbench/lockstep.h"

namespace snsim::cosim {
namespace {

constexpr uint64_t kCycles = 100000;  // per configuration and seed

// A directory per test: ctest runs tests in parallel, and two runs of the same configuration and seed
// would write the same file.
std::string wave_dir() {
  const testing::TestInfo* test = testing::UnitTest::GetInstance()->current_test_info();
  std::string name = std::string(test->test_suite_name()) + "." + test->name();
  std::replace(name.begin(), name.end(), '/', '_');
  mkdir(SNSIM_COSIM_WAVE_DIR, 0777);
  return std::string(SNSIM_COSIM_WAVE_DIR) + "/" + name;
}

bool file_exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && st.st_size > 0;
}

using PortsAndSeed = std::tuple<uint32_t, uint64_t>;
std::string name_of(const testing::TestParamInfo<PortsAndSeed>& info) {
  return "N" + std::to_string(std::get<0>(info.param)) + "_seed" + std::to_string(std::get<1>(info.param));
}

// Checks that do not depend on the block: every cycle compared, and the stimulus reached the corners.
void expect_exercised(const LockstepResult& r, uint32_t n) {
  EXPECT_EQ(r.cycles_compared, kCycles);
  EXPECT_GT(r.idle_cycles, 0u) << "no cycle without requests";
  EXPECT_GT(r.single_cycles, 0u) << "no cycle with a single request";
  EXPECT_GT(r.full_cycles, 0u) << "no cycle with every request";
  EXPECT_EQ(r.pointer_values_missed, 0u) << "some pointer never took some value";
  ASSERT_EQ(r.decisions_per_port.size(), n);
  for (uint32_t i = 0; i < n; ++i) EXPECT_GT(r.decisions_per_port[i], 0u) << "port " << i << " never won";
}

// ---- round-robin arbiter ---------------------------------------------------------------------------
class RrArbiterLockstep : public testing::TestWithParam<PortsAndSeed> {};

TEST_P(RrArbiterLockstep, RtlAndTwinAgreeEveryCycle) {
  LockstepOptions o;
  std::tie(o.ports, o.seed) = GetParam();
  o.cycles = kCycles;
  o.wave_dir = wave_dir();
  const LockstepResult r = run_rr_arbiter_lockstep(o);
  ASSERT_FALSE(r.mismatch_found) << r.summary();
  expect_exercised(r, o.ports);
  EXPECT_GT(r.decisions, kCycles / 4);
  std::cout << r.summary() << "\n";
}

INSTANTIATE_TEST_SUITE_P(Ports, RrArbiterLockstep,
                         testing::Combine(testing::ValuesIn(available_rr_arbiter_ports()),
                                          testing::Values<uint64_t>(1, 2, 3)),
                         name_of);

// ---- iSLIP ---------------------------------------------------------------------------------------
class IslipLockstep : public testing::TestWithParam<PortsAndSeed> {};

TEST_P(IslipLockstep, RtlAndTwinAgreeEveryCycleWith1And2And4Iterations) {
  LockstepOptions o;
  std::tie(o.ports, o.seed) = GetParam();
  o.cycles = kCycles;
  o.wave_dir = wave_dir();
  const LockstepResult r = run_islip_lockstep(o);
  ASSERT_FALSE(r.mismatch_found) << r.summary();
  EXPECT_EQ(r.configurations, 3u) << "expected the 1-, 2- and 4-iteration allocators";
  expect_exercised(r, o.ports);
  // The 2- and 4-iteration allocators matched pairs after their first round in many cycles.
  EXPECT_GT(r.later_round_cycles, kCycles / 20);
  std::cout << r.summary() << "\n";
}

INSTANTIATE_TEST_SUITE_P(Ports, IslipLockstep,
                         testing::Combine(testing::ValuesIn(available_islip_ports()),
                                          testing::Values<uint64_t>(1, 2, 3)),
                         name_of);

// ---- mutants: the harness must catch them --------------------------------------------------------
// Checks the waveform of a caught mismatch: it opens, holds the window before the mismatch, has the RTL
// and twin signals, and its mismatch flag rises exactly at the reported cycle.
template <typename Result, typename Options>
void expect_mismatch_waveform(const Result& r, const Options& o, const std::string& top,
                              const std::vector<std::string>& expected_signals) {
  ASSERT_FALSE(r.wave_path.empty());
  ASSERT_TRUE(file_exists(r.wave_path)) << r.wave_path;
  EXPECT_TRUE(r.mismatch_reproduced) << "the replay that writes the waveform saw a different mismatch";
  const FstSummary fst = read_fst(r.wave_path, "TOP." + top + ".mismatch_i");
  ASSERT_TRUE(fst.opened) << r.wave_path;
  EXPECT_EQ(fst.time_exponent, -12);
  const uint64_t first = r.mismatch.cycle > o.wave_window ? r.mismatch.cycle - o.wave_window : 0;
  EXPECT_EQ(fst.start_time, first * 1000) << "the waveform should start " << o.wave_window << " cycles before";
  EXPECT_GE(fst.end_time, r.mismatch.cycle * 1000);
  for (const std::string& s : expected_signals) {
    EXPECT_NE(std::find(fst.signals.begin(), fst.signals.end(), "TOP." + top + "." + s), fst.signals.end())
        << "no signal " << s << " in " << r.wave_path;
  }
  // The GTKWave save file opens this waveform, and every signal it names is in it.
  ASSERT_TRUE(file_exists(r.layout_path)) << "no GTKWave save file next to " << r.wave_path;
  std::ifstream layout(r.layout_path);
  std::string line;
  size_t names = 0;
  bool dumpfile = false;
  while (std::getline(layout, line)) {
    if (line == "[dumpfile] \"" + r.wave_path + "\"") dumpfile = true;
    if (line.empty() || std::string("@-[*").find(line[0]) != std::string::npos) continue;
    std::istringstream tokens(line);
    std::string token;
    while (tokens >> token) {
      if (token[0] == '#') continue;  // the alias of a field: "#{label}"
      if (token[0] == '(') token = token.substr(token.find(')') + 1);  // "(k)name[msb:0]": bit k of name
      token = token.substr(0, token.find('['));
      ++names;
      EXPECT_NE(std::find(fst.signals.begin(), fst.signals.end(), token), fst.signals.end())
          << r.layout_path << " names " << token << ", which " << r.wave_path << " does not hold";
    }
  }
  EXPECT_TRUE(dumpfile) << r.layout_path << " does not open " << r.wave_path;
  EXPECT_GT(names, 4u);
  // mismatch_i is 0 until the mismatch and 1 from the reported cycle on.
  ASSERT_FALSE(fst.changes.empty());
  EXPECT_EQ(fst.changes.front().second, "0");
  const auto rise = std::find_if(fst.changes.begin(), fst.changes.end(), [](const auto& c) { return c.second == "1"; });
  ASSERT_NE(rise, fst.changes.end()) << "mismatch_i never rises in the waveform";
  EXPECT_GE(rise->first, r.mismatch.cycle * 1000);
  EXPECT_LE(rise->first, r.mismatch.cycle * 1000 + 500);
}

TEST(RrArbiterMutant, PointerMovedToTheWinnerIsCaught) {
  LockstepOptions o;
  o.ports = 4;
  o.seed = 1;
  o.cycles = kCycles;
  o.mutant = true;
  o.wave_window = 4;
  o.wave_dir = wave_dir();
  const LockstepResult r = run_rr_arbiter_lockstep(o);
  ASSERT_TRUE(r.mismatch_found) << "the harness did not notice rr_arbiter's MUTATE 1: " << r.summary();
  // The stimulus opens with 8 idle cycles, then every requester asks: requester 0 wins cycle 8, and the
  // mutant's pointer stays at 0 where the twin's moves to 1.
  EXPECT_EQ(r.mismatch.cycle, 8u) << r.summary();
  EXPECT_NE(r.mismatch.what.find("pointer differs after the clock edge"), std::string::npos) << r.summary();
  EXPECT_NE(r.summary().find("gtkwave " + r.layout_path), std::string::npos);
  expect_mismatch_waveform(r, o, "tb_rr_arbiter", {"clk_i", "req_i", "mutant_grant_o", "mutant_ptr_o", "twin_grant_i", "twin_ptr_i"});
  std::cout << r.summary();
}

TEST(RrArbiterMutant, IsCaughtByTheGrantComparisonAlone) {
  // With the pointer comparison off, the mutant shows in its grants: in cycle 9 its pointer is still 0
  // and requester 0 wins again, where the twin grants requester 1.
  LockstepOptions o;
  o.ports = 4;
  o.cycles = kCycles;
  o.mutant = true;
  o.compare_pointers = false;
  o.wave_dir = wave_dir();
  const LockstepResult r = run_rr_arbiter_lockstep(o);
  ASSERT_TRUE(r.mismatch_found) << r.summary();
  EXPECT_EQ(r.mismatch.cycle, 9u) << r.summary();
  EXPECT_NE(r.mismatch.what.find("grant differs"), std::string::npos) << r.summary();
}

TEST(IslipMutant, GrantPointerMovedToTheAcceptedInputIsCaught) {
  for (uint32_t n : available_islip_ports()) {
    LockstepOptions o;
    o.ports = n;
    o.seed = 2;
    o.cycles = kCycles;
    o.mutant = true;
    o.mutant_kind = 1;
    o.wave_dir = wave_dir();
    const LockstepResult r = run_islip_lockstep(o);
    ASSERT_TRUE(r.mismatch_found) << "N=" << n << ": the harness did not notice MUTATE 1: " << r.summary();
    EXPECT_NE(r.mismatch.what.find("grant pointers differ after the clock edge"), std::string::npos) << r.summary();
    expect_mismatch_waveform(r, o, "tb_islip_allocator",
                             {"req_i", "match_valid_o", "grant_ptr_o", "twin_grant_ptr_i", "twin_match_out_i"});
  }
}

TEST(IslipMutant, PointersMovedInLaterRoundsAreCaught) {
  // This mutant differs from iSLIP only when a pair is matched after the first round.
  LockstepOptions o;
  o.ports = 8;
  o.seed = 3;
  o.cycles = kCycles;
  o.mutant = true;
  o.mutant_kind = 2;
  o.wave_window = 16;
  o.wave_dir = wave_dir();
  const LockstepResult r = run_islip_lockstep(o);
  ASSERT_TRUE(r.mismatch_found) << "the harness did not notice MUTATE 2: " << r.summary();
  EXPECT_NE(r.mismatch.what.find("pointers differ after the clock edge"), std::string::npos) << r.summary();
  expect_mismatch_waveform(r, o, "tb_islip_allocator", {"req_i", "accept_ptr_o", "twin_accept_ptr_i"});
  std::cout << r.summary();
}

TEST(IslipMutant, AreCaughtByTheMatchComparisonAlone) {
  // With the pointer comparison off, both mutants show in their matches within the run.
  for (uint32_t kind : {1u, 2u}) {
    LockstepOptions o;
    o.ports = 8;
    o.cycles = kCycles;
    o.mutant = true;
    o.mutant_kind = kind;
    o.compare_pointers = false;
    o.wave_dir = wave_dir();
    const LockstepResult r = run_islip_lockstep(o);
    ASSERT_TRUE(r.mismatch_found) << "MUTATE " << kind << ": " << r.summary();
    EXPECT_NE(r.mismatch.what.find("match differs"), std::string::npos) << r.summary();
    std::cout << "MUTATE " << kind << " without pointer comparison: caught at cycle " << r.mismatch.cycle << "\n";
  }
}

// ---- credit link ---------------------------------------------------------------------------------
TEST(CreditLinkCrc, MatchesTheCatalogueCheckValue) {
  // CRC-16/CCITT-FALSE of "123456789" is 0x29B1 (the check value in Greg Cook's CRC catalogue).
  EXPECT_EQ(crc16_ccitt_bytes("123456789"), 0x29B1);
  // A 64-bit flit is taken MSB first, i.e. as its bytes in big-endian order.
  EXPECT_EQ(crc16_ccitt_bits(0x3132333435363738ull, 64), crc16_ccitt_bytes("12345678"));
}

std::vector<std::tuple<uint32_t, uint32_t, uint32_t, uint64_t>> credit_link_cases() {
  std::vector<std::tuple<uint32_t, uint32_t, uint32_t, uint64_t>> cases;
  for (const auto& c : available_credit_link_configs()) {
    if (c[3] != 0) continue;  // the mutant has its own test
    for (uint64_t seed : {1, 2, 3}) cases.emplace_back(c[0], c[1], c[2], seed);
  }
  return cases;
}

class CreditLinkLockstep : public testing::TestWithParam<std::tuple<uint32_t, uint32_t, uint32_t, uint64_t>> {};

TEST_P(CreditLinkLockstep, RtlAndReferenceAgreeEveryCycle) {
  CreditLinkOptions o;
  std::tie(o.credits, o.link_delay, o.credit_delay, o.seed) = GetParam();
  o.cycles = kCycles;
  o.wave_dir = wave_dir();
  const CreditLinkResult r = run_credit_link_lockstep(o);
  ASSERT_FALSE(r.mismatch_found) << r.summary();
  EXPECT_GE(r.cycles_compared, kCycles);
  EXPECT_TRUE(r.drained) << r.summary();
  // The stimulus exercised the loop: flits corrupted and reported, replayed (go-back-N: every flit was
  // delivered once, in order, which `drained` and the per-cycle check of the delivered flit assert),
  // good flits dropped behind a corrupted one, the credits ran out, the receiver back-pressured and
  // filled its buffer.
  EXPECT_GT(r.flits_sent, kCycles / 10);
  EXPECT_GT(r.flits_corrupted, 100u);
  EXPECT_EQ(r.crc_errors, r.flits_corrupted);
  EXPECT_EQ(r.flits_delivered, r.flits_sent);
  EXPECT_GT(r.flits_replayed, 100u);
  EXPECT_GT(r.seq_drops, 0u);
  EXPECT_GT(r.credit_stall_cycles, 0u);
  EXPECT_GT(r.backpressure_cycles, 0u);
  EXPECT_EQ(r.max_occupancy, o.credits);
  std::cout << r.summary() << "\n";
}

INSTANTIATE_TEST_SUITE_P(Configs, CreditLinkLockstep, testing::ValuesIn(credit_link_cases()),
                         [](const auto& info) {
                           return "credits" + std::to_string(std::get<0>(info.param)) + "_link" +
                                  std::to_string(std::get<1>(info.param)) + "_return" +
                                  std::to_string(std::get<2>(info.param)) + "_seed" +
                                  std::to_string(std::get<3>(info.param));
                         });

TEST(CreditLinkThroughput, IsTheCreditsOverTheRoundTripAtMostOneFlitPerCycle) {
  // With valid and ready always high, a credit spent in cycle t is usable again in cycle
  // t + link_delay + credit_delay + 2, so the link carries min(1, credits / round trip) flits per cycle.
  for (const auto& c : available_credit_link_configs()) {
    if (c[3] != 0) continue;
    CreditLinkOptions o;
    o.credits = c[0];
    o.link_delay = c[1];
    o.credit_delay = c[2];
    o.cycles = 20000;
    o.full_load = true;
    o.wave_dir = wave_dir();
    const CreditLinkResult r = run_credit_link_lockstep(o);
    ASSERT_FALSE(r.mismatch_found) << r.summary();
    const double rtt = o.link_delay + o.credit_delay + 2;
    const double rate = std::min(1.0, o.credits / rtt);
    EXPECT_NEAR(static_cast<double>(r.flits_sent), rate * o.cycles, o.credits + rtt) << r.summary();
    EXPECT_TRUE(r.drained);
    std::cout << r.block << ": " << r.flits_sent << " flits in " << o.cycles << " cycles, expected "
              << rate * o.cycles << "\n";
  }
}

// Runs the built link configuration whose transmitter has MUTATE `kind` (one must be built).
CreditLinkResult run_link_mutant(uint32_t kind, CreditLinkOptions& o) {
  bool built = false;
  for (const auto& c : available_credit_link_configs()) {
    if (c[3] != kind) continue;
    o.credits = c[0];
    o.link_delay = c[1];
    o.credit_delay = c[2];
    built = true;
  }
  EXPECT_TRUE(built) << "no credit link with MUTATE " << kind << " is built";
  o.mutant = true;
  o.mutant_kind = kind;
  o.cycles = kCycles;
  o.wave_window = 8;
  o.wave_dir = wave_dir();
  return run_credit_link_lockstep(o);
}

TEST(CreditLinkMutant, LostCreditIsCaught) {
  CreditLinkOptions o;
  const CreditLinkResult r = run_link_mutant(1, o);
  ASSERT_TRUE(r.mismatch_found) << "the harness did not notice credit_link_tx's MUTATE 1: " << r.summary();
  EXPECT_NE(r.mismatch.what.find("credit counter"), std::string::npos) << r.summary();
  expect_mismatch_waveform(r, o, "tb_credit_link", {"credits_o", "twin_credits_i", "credit_arrival_o", "in_valid_i"});
  std::cout << r.summary();
}

TEST(CreditLinkMutant, ReplayThatSkipsTheNakedFlitIsCaught) {
  CreditLinkOptions o;
  const CreditLinkResult r = run_link_mutant(2, o);
  ASSERT_TRUE(r.mismatch_found) << "the harness did not notice credit_link_tx's MUTATE 2: " << r.summary();
  // The first corrupted flits come in the prologue; the skip shows on the wire or in the replay state.
  EXPECT_TRUE(r.mismatch.what.find("on the link") != std::string::npos ||
              r.mismatch.what.find("replaying") != std::string::npos)
      << r.summary();
  expect_mismatch_waveform(r, o, "tb_credit_link", {"tx_link_seq_o", "fb_nak_o", "replaying_o", "flip_i"});
  std::cout << r.summary();
}

TEST(Harness, RefusesAPortCountThatIsNotBuilt) {
  LockstepOptions o;
  o.ports = 7;
  EXPECT_THROW(run_rr_arbiter_lockstep(o), std::invalid_argument);
  EXPECT_THROW(run_islip_lockstep(o), std::invalid_argument);
  CreditLinkOptions link;
  link.credits = 7;
  EXPECT_THROW(run_credit_link_lockstep(link), std::invalid_argument);
}

}  // namespace
}  // namespace snsim::cosim

int sc_main(int argc, char* argv[]) {
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}

int main(int argc, char* argv[]) {
  // libsystemc.so (linked through snsim_models) needs an sc_main; enter through it like tests/test_main.cpp.
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  return sc_core::sc_elab_and_sim(argc, argv);
}
