// Waveforms from `snsim run --vcd/--fst`: the files parse (the FST through GTKWave's fst2vcd), hold the
// expected signals, and their values agree with the run's own report, computed independently by the
// statistics (time-weighted queue means, link utilization, packets carried) and with flow-control
// invariants. Also: tracing does not change the results, and bad options are refused clearly.
// Runs the real build/snsim binary.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/vcd_reader.h"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <vector>

namespace {

using snsim::testing_vcd::Trace;
using snsim::testing_vcd::Waveform;
using snsim::testing_vcd::read_vcd;
namespace fs = std::filesystem;
using nlohmann::json;

struct Outcome {
  int code;
  std::string err;
};

class Waveforms : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("snsim_waveform_test_" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  static Outcome snsim(const std::string& args, const std::string& config = "default.yaml",
                       const std::string& settings = kSmall) {
    const fs::path err = dir_ / "stderr.txt";
    const std::string cmd = std::string(SNSIM_BINARY) + " run " + std::string(SNSIM_CONFIG_DIR) + "/" + config + " " +
                            settings + " " + args + " >/dev/null 2>" + err.string();
    const int status = std::system(cmd.c_str());
    std::ifstream in(err);
    std::stringstream text;
    text << in.rdbuf();
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text.str()};
  }
  static bool have(const std::string& tool) {
    return std::system(("command -v " + tool + " >/dev/null 2>&1").c_str()) == 0;
  }
  static Waveform read_file(const fs::path& p) {
    std::ifstream in(p);
    return read_vcd(in);
  }
  // Checks that a GTKWave save file lists exactly the signals of `w` (one line each); returns its groups.
  static int gtkw_groups(const fs::path& gtkw, const Waveform& w) {
    std::ifstream in(gtkw);
    EXPECT_TRUE(in) << gtkw;
    std::string line;
    int groups = 0;
    std::set<std::string> listed;
    while (std::getline(in, line)) {
      if (line == "@800200") ++groups;
      if (line.rfind("fabric.", 0) != 0) continue;
      const std::string name = line.substr(0, line.find('['));
      EXPECT_TRUE(w.signals.count(name)) << line;
      listed.insert(name);
    }
    EXPECT_EQ(listed.size(), w.signals.size()) << gtkw;
    return groups;
  }
  static json report(const fs::path& p) {
    std::ifstream in(p);
    return json::parse(in);
  }

  // The default fabric, shortened; the trace window is the statistics window (1000 to 5000 cycles).
  static constexpr const char* kSmall =
      "--set simulation.warmup=1000cycles --set simulation.measure=4000cycles --set workload.load=0.7";
  static constexpr uint64_t kBegin = 1000, kEnd = 5000, kPs = 1000;  // 1 GHz: 1000 ps per cycle
  static constexpr const char* kTraced =
      "--trace-filter 'sw0,ep3*,sw0_to_ep3' --trace-window 1000:5000";
  static inline fs::path dir_;
};

TEST_F(Waveforms, VcdHoldsTheExpectedSignalsAndAgreesWithTheReport) {
  const fs::path vcd = dir_ / "a.vcd", js = dir_ / "a.json";
  Outcome r = snsim(std::string(kTraced) + " --vcd " + vcd.string() + " --json " + js.string());
  ASSERT_EQ(r.code, 0) << r.err;
  const Waveform w = read_file(vcd);
  const json rep = report(js);

  // Exactly the selected components: the switch's 16 input queues, ep3's source queue, and the two links.
  std::set<std::string> names;
  for (const auto& [name, t] : w.signals) names.insert(name);
  for (int i = 0; i < 16; ++i) EXPECT_TRUE(names.count("fabric.sw0.in" + std::to_string(i) + "_flits")) << i;
  for (const char* s : {"fabric.ep3.source_queue_packets", "fabric.ep3_to_sw0.busy", "fabric.ep3_to_sw0.packet",
                        "fabric.ep3_to_sw0.credits_vc0", "fabric.sw0_to_ep3.busy", "fabric.sw0_to_ep3.credits_vc0"}) {
    EXPECT_TRUE(names.count(s)) << s;
  }
  EXPECT_EQ(names.size(), 16u + 1 + 2 * 3) << "nothing outside the filter";
  EXPECT_FALSE(names.count("fabric.ep4.source_queue_packets"));
  EXPECT_EQ(w.signals.at("fabric.ep3_to_sw0.packet").width, 64u);
  EXPECT_EQ(w.last_time, kEnd * kPs);

  // Input queues: the time-weighted mean over the window equals the report's (same changes, integrated
  // independently); the peak cannot exceed the report's maximum (which also counts levels held for no time
  // inside a cycle); the queue rises and falls.
  for (const auto& q : rep["queues"]) {
    const std::string name = q["name"];
    if (name.rfind("sw0.in", 0) != 0) continue;
    const Trace& t = w.signals.at("fabric.sw0." + name.substr(4) + "_flits");
    ASSERT_FALSE(t.changes.empty());
    EXPECT_EQ(t.changes.front().first, kBegin * kPs) << "initial value at the window's start";
    double area = 0;
    uint64_t peak = 0, rises = 0, falls = 0;
    for (size_t k = 0; k < t.changes.size(); ++k) {
      const uint64_t until = k + 1 < t.changes.size() ? t.changes[k + 1].first : kEnd * kPs;
      area += double(t.changes[k].second) * double(until - t.changes[k].first) / kPs;
      peak = std::max(peak, t.changes[k].second);
      if (k) (t.changes[k].second > t.changes[k - 1].second ? rises : falls)++;
    }
    EXPECT_NEAR(area / double(kEnd - kBegin), q["mean"].get<double>(), 1e-9 * (1 + q["mean"].get<double>())) << name;
    EXPECT_LE(peak, q["max"].get<uint64_t>()) << name;
    EXPECT_GT(peak, 0u) << name;
    EXPECT_GT(rises, 10u) << name;
    EXPECT_GT(falls, 10u) << name;
  }

  // Links: busy time over the window matches the report's utilization (times are rounded to whole ps at
  // each edge); the packet id is non-zero exactly while the wire is busy with a packet; one new id per
  // packet the report counts as carried (a packet that starts exactly at the window's start is folded
  // into the initial value).
  for (const auto& l : rep["links"]) {
    const std::string name = l["name"];
    if (name != "ep3_to_sw0" && name != "sw0_to_ep3") continue;
    const Trace& busy = w.signals.at("fabric." + name + ".busy");
    double busy_ps = 0;
    for (size_t k = 0; k < busy.changes.size(); ++k) {
      const uint64_t until = k + 1 < busy.changes.size() ? busy.changes[k + 1].first : kEnd * kPs;
      if (busy.changes[k].second) busy_ps += double(until - busy.changes[k].first);
    }
    const double expected_ps = l["utilization"].get<double>() * double(kEnd - kBegin) * kPs;
    EXPECT_NEAR(busy_ps, expected_ps, 2.0 * double(busy.changes.size() + 1)) << name;
    EXPECT_GT(busy.changes.size(), 100u) << name;

    const Trace& packet = w.signals.at("fabric." + name + ".packet");
    uint64_t started = 0;
    for (size_t k = 1; k < packet.changes.size(); ++k) {
      if (packet.changes[k].second != 0) ++started;
      EXPECT_EQ(busy.at(packet.changes[k].first), packet.changes[k].second != 0 ? 1u : busy.at(packet.changes[k].first))
          << name << " carries a packet only while busy, at " << packet.changes[k].first;
    }
    const uint64_t carried = l["packets"];
    EXPECT_GE(carried, started) << name;
    EXPECT_LE(carried, started + 1) << name;
  }

  // Credits of ep3's link into the switch: start full (2048 flits = 32 KiB input buffer / 16 B), go down
  // as ep3 sends and up as the switch forwards; never above the buffer, and at every instant the credits
  // plus what sits in the switch's input buffer are at most the buffer (the rest is on the wire or on its
  // way back as credits).
  const Trace& credits = w.signals.at("fabric.ep3_to_sw0.credits_vc0");
  const Trace& in3 = w.signals.at("fabric.sw0.in3_flits");
  uint64_t lowest = UINT64_MAX, decrements = 0;
  for (size_t k = 0; k < credits.changes.size(); ++k) {
    const auto [t, c] = credits.changes[k];
    EXPECT_LE(c + in3.at(t), 2048u) << "at " << t;
    lowest = std::min(lowest, c);
    if (k && c < credits.changes[k - 1].second) ++decrements;
  }
  for (const auto& [t, q] : in3.changes) EXPECT_LE(credits.at(t) + q, 2048u) << "at " << t;
  EXPECT_GT(decrements, 100u);
  EXPECT_LT(lowest, 2048u - 100);
}

TEST_F(Waveforms, FstRoundTripsThroughGtkwavesConverterToTheSameChangesAsTheVcd) {
  if (!have("fst2vcd")) GTEST_SKIP() << "fst2vcd (Debian package gtkwave) is not installed";
  const fs::path vcd = dir_ / "b.vcd", fst = dir_ / "b.fst", back = dir_ / "b_back.vcd";
  Outcome r = snsim(std::string(kTraced) + " --vcd " + vcd.string() + " --fst " + fst.string());
  if (r.code == 2 && r.err.find("without FST support") != std::string::npos) {
    GTEST_SKIP() << "this build has no FST writer: " << r.err;
  }
  ASSERT_EQ(r.code, 0) << r.err;
  ASSERT_EQ(std::system(("fst2vcd -f " + fst.string() + " -o " + back.string() + " >/dev/null 2>&1").c_str()), 0);
  const Waveform a = read_file(vcd), b = read_file(back);
  ASSERT_EQ(a.signals.size(), b.signals.size());
  for (const auto& [name, t] : a.signals) {
    ASSERT_TRUE(b.signals.count(name)) << name;
    EXPECT_EQ(b.signals.at(name).width, t.width) << name;
    EXPECT_EQ(b.signals.at(name).changes, t.changes) << name;
  }
  EXPECT_EQ(a.last_time, b.last_time);

  // The GTKWave save file (one for each waveform file, FILE.gtkw) lists every signal, grouped per component.
  EXPECT_EQ(gtkw_groups(dir_ / "b.gtkw", a), 4) << "sw0, ep3, ep3_to_sw0, sw0_to_ep3";
}

// The example in waveforms/ (made by scripts/screenshot-gtkwave.sh): its save file opens its waveform,
// relative to the repository root, and lists every signal in it.
TEST_F(Waveforms, CheckedInExampleLayoutMatchesItsWaveform) {
  const fs::path root = fs::path(SNSIM_CONFIG_DIR).parent_path();
  const Waveform w = read_file(root / "waveforms/default.vcd");
  EXPECT_EQ(gtkw_groups(root / "waveforms/default.gtkw", w), 4);
  std::ifstream in(root / "waveforms/default.gtkw");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("[dumpfile] \"waveforms/default.vcd\""), std::string::npos);
}

TEST_F(Waveforms, TracingDoesNotChangeTheResults) {
  const fs::path plain = dir_ / "plain.json", traced = dir_ / "traced.json";
  ASSERT_EQ(snsim("--json " + plain.string()).code, 0);
  Outcome r = snsim("--vcd " + (dir_ / "all.vcd").string() + " --json " + traced.string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(report(plain), report(traced));
  // Without a filter every component is traced: 16 endpoints, the switch and 32 links.
  std::set<std::string> components;
  for (const auto& [name, t] : read_file(dir_ / "all.vcd").signals) {
    components.insert(name.substr(7, name.find('.', 7) - 7));
  }
  EXPECT_EQ(components.size(), 16u + 1 + 32);
}

// With two VCs each switch input also shows its occupancy per VC: at every instant the VCs add up to the
// input's occupancy (which the statistics count separately), and both VCs carry traffic.
TEST_F(Waveforms, PerVcOccupancyAddsUpToTheInputsOccupancy) {
  const fs::path vcd = dir_ / "vc.vcd";
  Outcome r = snsim("--trace-filter sw0 --vcd " + vcd.string(), "examples/two_vcs_size_mix.yaml",
                    "--set simulation.warmup=500cycles --set simulation.measure=1500cycles");
  ASSERT_EQ(r.code, 0) << r.err;
  const Waveform w = read_file(vcd);
  for (int port = 0; port < 64; port += 9) {
    const std::string in = "fabric.sw0.in" + std::to_string(port);
    const Trace& total = w.signals.at(in + "_flits");
    const Trace& vc0 = w.signals.at(in + "_vc0_flits");
    const Trace& vc1 = w.signals.at(in + "_vc1_flits");
    EXPECT_GT(vc0.changes.size(), 10u) << in;
    EXPECT_GT(vc1.changes.size(), 10u) << in;
    std::set<uint64_t> times;
    for (const Trace* t : {&total, &vc0, &vc1}) {
      for (const auto& change : t->changes) times.insert(change.first);
    }
    for (uint64_t t : times) EXPECT_EQ(vc0.at(t) + vc1.at(t), total.at(t)) << in << " at " << t;
  }
  EXPECT_FALSE(w.signals.count("fabric.sw0.in64_vc0_flits")) << "ports without an endpoint are not traced";
}

// Pause flow control (Ethernet PFC): each link shows its sender's pause state per VC, and the time paused
// inside the window adds up to the report's pause cycles (which the sender's flow control counts at each
// resume).
TEST_F(Waveforms, PauseStateAddsUpToTheReportsPauseCycles) {
  const fs::path vcd = dir_ / "pause.vcd", js = dir_ / "pause.json";
  Outcome r = snsim("--trace-filter '*_to_*' --trace-window 1000:5000 --vcd " + vcd.string() + " --json " + js.string(),
                    "examples/protocol_ethx.yaml",
                    "--set simulation.warmup=1000cycles --set simulation.measure=4000cycles --set workload.load=1.0");
  ASSERT_EQ(r.code, 0) << r.err;
  const Waveform w = read_file(vcd);
  const json rep = report(js);
  uint64_t reported = 0, traced_ps = 0, pauses = 0;
  for (const auto& l : rep["links"]) {
    reported += l["pause_cycles"].get<uint64_t>();
    const Trace& paused = w.signals.at("fabric." + l["name"].get<std::string>() + ".paused_vc0");
    for (size_t k = 0; k < paused.changes.size(); ++k) {
      const uint64_t until = k + 1 < paused.changes.size() ? paused.changes[k + 1].first : kEnd * kPs;
      if (paused.changes[k].second) traced_ps += until - paused.changes[k].first, ++pauses;
    }
    EXPECT_FALSE(w.signals.count("fabric." + l["name"].get<std::string>() + ".credits_vc0")) << "pause mode has no credits";
  }
  EXPECT_GT(pauses, 20u);
  EXPECT_EQ(traced_ps, reported * kPs);
}

TEST_F(Waveforms, BadOptionsAreRefusedWithAClearMessage) {
  const std::string vcd = " --vcd " + (dir_ / "bad.vcd").string();
  Outcome r = snsim(vcd + " --trace-filter 'sw9*'");
  EXPECT_EQ(r.code, 2);
  EXPECT_FALSE(fs::exists(dir_ / "bad.vcd")) << "no file is written for a refused selection";
  EXPECT_NE(r.err.find("pattern \"sw9*\" matches no component"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("sw0, ep0, ep1"), std::string::npos) << "lists the components: " << r.err;
  r = snsim(vcd + " --trace-window 5:3");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("END must be after START"), std::string::npos) << r.err;
  r = snsim(vcd + " --trace-window 10-20");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("expected START:END"), std::string::npos) << r.err;
  r = snsim(vcd + " --trace-window 1k:2k");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("\"1k\" is not a cycle count"), std::string::npos) << r.err;
  r = snsim(vcd + " --trace-filter 'sw0,,ep1'");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("an empty pattern"), std::string::npos) << r.err;
  r = snsim("--trace-filter sw0");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("need --vcd FILE or --fst FILE"), std::string::npos) << r.err;
  r = snsim("--vcd /nonexistent-dir/x.vcd");
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.err.find("cannot write /nonexistent-dir/x.vcd"), std::string::npos) << r.err;
  // A window after the run's end is not an error of the run, but the user is told.
  r = snsim(vcd + " --trace-window 999999:");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("warning: the trace window starts at cycle 999999"), std::string::npos) << r.err;
}

}  // namespace
