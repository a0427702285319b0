// The crossbar's RTL and TLM twin replaying traffic captured at the switch of real fabric runs
// (`snsim run --capture-switch`, captured_stimulus.h): every cycle both must do what the fabric's
// switch did. Captures are made in child processes (SystemC elaborates once per process).
#include <gtest/gtest.h>
#include <systemc>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "models/fabric/fabric_config.h"
#include "models/fabric/switch_capture.h"
#include "models/sim/isolated_run.h"
#include "models/sim/simulation.h"
#include "testbench/crossbar_lockstep.h"

namespace snsim::cosim {
namespace {

std::string capture_dir() {
  const std::string dir = std::string(SNSIM_COSIM_WAVE_DIR) + "/captures";
  std::filesystem::create_directories(dir);
  return dir;
}

// Runs `config` with overrides and captures its switch into `file` (in the build tree).
std::string capture(const std::string& config, const std::vector<std::string>& overrides, const std::string& file) {
  const std::string path = capture_dir() + "/" + file;
  run_isolated([&] {
    sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    RunOptions options(false);
    options.capture_switch = path;
    return run_simulation(load_fabric_config(config, overrides), options)["cycles"];
  });
  return path;
}

std::string testbench_fabric(const std::string& name) { return std::string(SNSIM_TESTBENCH_DIR) + "/fabrics/" + name; }

// The lines of a short capture of the 4-port VOQ fabric, to edit.
std::vector<std::string> short_capture_lines(const std::string& file) {
  std::ifstream in(capture(testbench_fabric("rtl_switch_voq4.yaml"), {"simulation.measure=2000cycles"}, file));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Over 100 000 cycles of switch activity (cycles on which the RTL has work): the measurement window
// made long enough.
const std::vector<std::string> kLong = {"simulation.measure=100000cycles"};

// What a replay must at least have exercised (the traffic of each fabric differs).
struct Coverage {
  uint64_t packets, contended_cycles, credit_stall_cycles;
};

void expect_replay_matches(const std::string& path, const Coverage& least) {
  CrossbarLockstepOptions o;
  o.stimulus = path;
  const CrossbarLockstepResult r = run_crossbar_lockstep(o);
  std::printf("[ %s ]\n", r.summary().c_str());
  ASSERT_FALSE(r.mismatch_found) << r.summary();
  // Every captured cycle compared, every captured packet offered, every captured departure reproduced.
  const SwitchCapture capture = read_switch_capture(path);
  EXPECT_EQ(r.cycles_compared, capture.end_cycle);
  EXPECT_GE(r.cycles_compared, 100000u);
  EXPECT_GT(r.captured_packets, least.packets);
  EXPECT_EQ(r.packets, r.captured_packets);
  EXPECT_EQ(r.departures, r.captured_departures);
  EXPECT_GT(r.departures + 64 * capture.header.ports, r.packets);  // at most the queues' worth still inside
  // The traffic exercised the switch: outputs contended, packets waited past their pipeline latency,
  // heads were held back by credits alone (where the fabric runs out of credits); the RTL was clocked,
  // on fewer cycles than the run has.
  EXPECT_GT(r.contended_cycles, least.contended_cycles);
  EXPECT_GT(r.waited, r.captured_packets / 10);
  EXPECT_GE(r.credit_stalls, least.credit_stall_cycles);
  EXPECT_GT(r.credit_checks, 50000u);
  EXPECT_GE(r.rtl_clocked, 100000u);  // cycles on which the switch had work
  EXPECT_LT(r.rtl_clocked, r.cycles_compared);
}

TEST(CaptureReplay, VoqIslipFabricReplaysWithoutMismatch) {
  expect_replay_matches(capture(testbench_fabric("rtl_switch_voq4.yaml"), kLong, "voq4.jsonl"), {30000, 2000, 20});
}

TEST(CaptureReplay, FifoRoundRobinFabricReplaysWithoutMismatch) {
  // Credit-limited: the RTL has work on fewer of the cycles, so a longer window.
  expect_replay_matches(capture(testbench_fabric("rtl_switch_fifo8.yaml"), {"simulation.measure=150000cycles"},
                                "fifo8.jsonl"),
                        {30000, 2000, 10000});
}

// The default fabric's 1024-flit receive buffers never run out of credits here (0 stall cycles).
TEST(CaptureReplay, DefaultFabricCutToEightEndpointsReplaysWithoutMismatch) {
  std::vector<std::string> overrides = {"fabric.endpoints=8", "workload.load=0.9"};
  overrides.insert(overrides.end(), kLong.begin(), kLong.end());
  expect_replay_matches(capture(std::string(SNSIM_SOURCE_DIR) + "/configs/default.yaml", overrides, "default8.jsonl"),
                        {100000, 20000, 0});
}

// A replay whose switches can no longer follow the capture (here: the capture edited so that it does
// not fit its own run) stops with a mismatch that shows the three sides, never a crash.
TEST(CaptureReplay, ADivergenceFromTheCaptureIsAMismatch) {
  const std::vector<std::string> lines = short_capture_lines("voq4_edit.jsonl");
  auto replay_edited = [&](const std::string& tag, const std::function<std::string(const nlohmann::json&)>& edit) {
    std::vector<std::string> edited = lines;
    for (std::string& line : edited) {
      const nlohmann::json j = nlohmann::json::parse(line);
      if (j.is_array() && j[0] == tag) {
        line = edit(j);
        break;
      }
    }
    const std::string path = capture_dir() + "/edited_" + tag + ".jsonl";
    std::ofstream out(path);
    for (const std::string& line : edited) out << line << "\n";
    out.close();
    CrossbarLockstepOptions o;
    o.stimulus = path;
    return run_crossbar_lockstep(o);
  };
  // The first departure's link stays busy 300 cycles longer than it did: both switches hold the next
  // packet for that output, the capture does not.
  const CrossbarLockstepResult busy = replay_edited("D", [](const nlohmann::json& j) {
    nlohmann::json e = j;
    e[4] = j[4].get<uint64_t>() + 300;
    return e.dump();
  });
  std::printf("[ %s ]\n", busy.summary().c_str());
  ASSERT_TRUE(busy.mismatch_found);
  EXPECT_NE(busy.mismatch.find("captured {"), std::string::npos) << busy.mismatch;
  // The first credit from downstream arrives in cycle 1, before anything left: withheld and reported.
  const CrossbarLockstepResult early = replay_edited("C", [](const nlohmann::json& j) {
    nlohmann::json e = j;
    e[1] = 1;
    return e.dump();
  });
  std::printf("[ %s ]\n", early.summary().c_str());
  ASSERT_TRUE(early.mismatch_found);
  EXPECT_NE(early.mismatch.find("more than the replayed switch has sent"), std::string::npos) << early.mismatch;
}

// The mutant allocator (the grant pointer moves to the accepted input) replayed on captured traffic is
// caught, against the TLM twin and the capture, with its waveform.
TEST(CaptureReplay, MutantRtlIsCaughtOnCapturedTraffic) {
  CrossbarLockstepOptions o;
  o.stimulus = capture(testbench_fabric("rtl_switch_voq4.yaml"), {}, "voq4_short.jsonl");
  o.rtl.mutate = 1;
  o.wave_dir = std::string(SNSIM_COSIM_WAVE_DIR) + "/crossbar";
  o.wave_window = 4;
  const CrossbarLockstepResult r = run_crossbar_lockstep(o);
  std::printf("[ %s ]\n", r.summary().c_str());
  ASSERT_TRUE(r.mismatch_found);
  EXPECT_NE(r.mismatch.find("first mismatch at cycle " + std::to_string(r.mismatch_cycle)), std::string::npos);
  EXPECT_NE(r.mismatch.find("captured {"), std::string::npos);  // the three sides are in the report
  EXPECT_TRUE(r.mismatch_reproduced);
  EXPECT_TRUE(std::filesystem::exists(r.wave_path)) << r.wave_path;
}

// Bad stimulus files are clear errors before anything runs.
TEST(CaptureReplay, TruncatedOrGarbledCaptureIsAClearError) {
  const std::vector<std::string> lines = short_capture_lines("voq4_tiny.jsonl");
  ASSERT_GT(lines.size(), 100u);
  auto write = [](const std::string& path, const std::vector<std::string>& content, const std::string& tail) {
    std::ofstream out(path);
    for (const std::string& line : content) out << line << "\n";
    out << tail;
  };
  auto error_of = [](const std::string& path) {
    CrossbarLockstepOptions o;
    o.stimulus = path;
    try {
      run_crossbar_lockstep(o);
    } catch (const SwitchCaptureError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  // Cut after a whole line: no end record.
  const std::string cut = capture_dir() + "/cut.jsonl";
  write(cut, std::vector<std::string>(lines.begin(), lines.begin() + 60), "");
  EXPECT_NE(error_of(cut).find("truncated after line 60"), std::string::npos) << error_of(cut);
  // Cut in the middle of a line.
  const std::string half = capture_dir() + "/half.jsonl";
  write(half, std::vector<std::string>(lines.begin(), lines.begin() + 60), lines[60].substr(0, 7));
  EXPECT_NE(error_of(half).find("half.jsonl:61: not a JSON value"), std::string::npos) << error_of(half);
  // A port out of range.
  std::vector<std::string> bad = lines;
  bad[5] = "[\"D\",100,9,1,101]";
  const std::string port = capture_dir() + "/port.jsonl";
  write(port, bad, "");
  EXPECT_NE(error_of(port).find("port.jsonl:6: output is 9, outside [0, 3]"), std::string::npos) << error_of(port);
  // Not a capture at all.
  EXPECT_NE(error_of(testbench_fabric("rtl_switch_voq4.yaml")).find(":1: not a JSON value"), std::string::npos);
  EXPECT_NE(error_of(capture_dir() + "/missing.jsonl").find("cannot open"), std::string::npos);
}

// A capture of a switch that has no Verilated RTL (16 ports) is refused, naming what is built.
TEST(CaptureReplay, CaptureOfAnUnbuiltSwitchIsRefused) {
  const std::string path = capture(std::string(SNSIM_SOURCE_DIR) + "/configs/default.yaml",
                                   {"simulation.warmup=100cycles", "simulation.measure=500cycles"}, "default16.jsonl");
  CrossbarLockstepOptions o;
  o.stimulus = path;
  try {
    run_crossbar_lockstep(o);
    FAIL() << "a 16-port capture was replayed";
  } catch (const SwitchCaptureError& e) {
    EXPECT_NE(std::string(e.what()).find("has no Verilated RTL; built:"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace snsim::cosim
