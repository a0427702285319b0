// The switch capture (`snsim run --capture-switch`, models/fabric/switch_capture.h) without RTL: the
// run is unchanged by it, the file holds a traffic that is consistent with itself and with the config,
// configs it cannot serve are refused, and bad files are clear errors. Its replay into the RTL crossbar
// is tested in testbench/capture_replay_test.cpp.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>

#include "models/fabric/switch_capture.h"
#include "models/sim/report_hash.h"
#include "tests/test_support.h"

namespace snsim {
namespace {

const std::vector<std::string> kEight = {"fabric.endpoints=8", "workload.load=0.9", "simulation.warmup=500cycles",
                                         "simulation.measure=5000cycles"};

std::string temp_file(const std::string& name) { return testing::TempDir() + "snsim_capture_" + name; }

nlohmann::json run_captured(const FabricConfig& config, const std::string& path) {
  return run_isolated([&] {
    RunOptions options(false);
    options.capture_switch = path;
    return run_simulation(config, options);
  });
}

TEST(SwitchCapture, LeavesTheReportIdentical) {
  const FabricConfig config = load_fabric_config(test::config_path("default.yaml"), kEight);
  const nlohmann::json plain = run_isolated([&] { return run_simulation(config, RunOptions{false}); });
  const nlohmann::json captured = run_captured(config, temp_file("identical.jsonl"));
  EXPECT_EQ(report_hash_hex(plain), report_hash_hex(captured));
  EXPECT_EQ(plain.dump(), captured.dump());  // byte for byte, engine counters included
}

TEST(SwitchCapture, HoldsTheSwitchAndATrafficConsistentWithItself) {
  const FabricConfig config = load_fabric_config(test::config_path("default.yaml"), kEight);
  const std::string path = temp_file("traffic.jsonl");
  const nlohmann::json report = run_captured(config, path);
  const SwitchCapture c = read_switch_capture(path);
  const SwitchCaptureHeader& h = c.header;
  EXPECT_EQ(h.ports, 8u);
  EXPECT_EQ(h.endpoints, 8u);
  EXPECT_EQ(h.input_queue, "voq");
  EXPECT_EQ(h.arbiter, "islip");
  EXPECT_EQ(h.islip_iterations, config.switch_params.islip_iterations);
  EXPECT_EQ(h.latency_cycles, config.switch_params.latency);
  EXPECT_EQ(h.input_buffer_flits, config.switch_params.input_buffer_bytes / config.fabric.flit_bytes);
  EXPECT_EQ(h.downstream_flits, std::vector<int64_t>(8, config.endpoint.receive_buffer_bytes / config.fabric.flit_bytes));
  EXPECT_EQ(h.seed, config.simulation.seed);
  EXPECT_EQ(h.overrides.size(), kEight.size());
  EXPECT_EQ(c.end_cycle, report["cycles"].get<uint64_t>());
  ASSERT_GT(c.departures.size(), 5000u);

  // Every departure is a packet that arrived earlier on some input, routed to that output, leaving
  // after its pipeline latency; each output's link is free again before its next departure.
  std::map<uint64_t, CapturedArrival> arrived;
  for (const CapturedArrival& a : c.arrivals) EXPECT_TRUE(arrived.emplace(a.id, a).second) << "packet " << a.id;
  std::vector<uint64_t> link_free(h.ports, 0), flits_out(h.ports, 0), flits_in(h.ports, 0);
  for (const CapturedDeparture& d : c.departures) {
    const auto it = arrived.find(d.id);
    ASSERT_NE(it, arrived.end()) << "packet " << d.id << " left without arriving";
    EXPECT_EQ(it->second.output, d.output);
    EXPECT_GE(d.cycle, it->second.cycle + h.latency_cycles);
    EXPECT_GE(d.cycle, link_free[d.output]);
    link_free[d.output] = d.link_free;
    flits_out[d.output] += it->second.flits;
    flits_in[it->second.input] += it->second.flits;
  }
  // Credit mode: an input returns upstream exactly the flits of the packets that left it, and no
  // output gets back more credits than it sent flits.
  std::vector<uint64_t> upstream(h.ports, 0), downstream(h.ports, 0);
  for (const CapturedCredit& u : c.credits_out) upstream[u.port] += u.flits;
  for (const CapturedCredit& d : c.credits_in) downstream[d.port] += d.flits;
  EXPECT_EQ(upstream, flits_in);
  for (uint32_t j = 0; j < h.ports; ++j) EXPECT_LE(downstream[j], flits_out[j]) << "output " << j;
}

TEST(SwitchCapture, RefusesFabricsTheRtlCannotReplay) {
  auto refusal = [](const std::string& config, const std::vector<std::string>& overrides) {
    try {
      SwitchCaptureSession session(temp_file("refused.jsonl"), load_fabric_config(test::config_path(config), overrides));
    } catch (const SwitchCaptureError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(refusal("examples/torus_4x4_adaptive.yaml", {}).find("only a single_switch fabric"), std::string::npos);
  EXPECT_NE(refusal("default.yaml", {"switch.arbiter=round_robin"}).find("key 'switch.arbiter'"), std::string::npos);
  EXPECT_NE(refusal("default.yaml", {"switch.output_queue=true", "switch.arbiter=round_robin"}).find("key 'switch.output_queue'"), std::string::npos);
  EXPECT_NE(refusal("default.yaml", {"fabric.vcs=2"}).find("fabric.vcs is 2"), std::string::npos);
  EXPECT_EQ(refusal("default.yaml", {}), "accepted");
}

// Writes `lines` (each followed by a newline) and returns the reader's error, or "read".
std::string read_error(const std::string& name, const std::vector<std::string>& lines) {
  const std::string path = temp_file(name);
  {
    std::ofstream out(path);
    for (const std::string& line : lines) out << line << "\n";
  }
  try {
    read_switch_capture(path);
  } catch (const SwitchCaptureError& e) {
    return e.what();
  }
  return "read";
}

TEST(SwitchCapture, BadFilesAreClearErrorsWithTheLine) {
  const FabricConfig config = load_fabric_config(test::config_path("default.yaml"),
                                                 {"fabric.endpoints=4", "simulation.warmup=100cycles",
                                                  "simulation.measure=300cycles"});
  const std::string path = temp_file("small.jsonl");
  run_captured(config, path);
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_GT(lines.size(), 20u);
  ASSERT_EQ(read_error("copy.jsonl", lines), "read");
  auto with = [&](size_t index, const std::string& line) {
    std::vector<std::string> edited = lines;
    edited[index] = line;
    return edited;
  };
  const std::vector<std::string> no_end(lines.begin(), lines.end() - 1);
  EXPECT_NE(read_error("a.jsonl", no_end).find("truncated after line " + std::to_string(no_end.size())),
            std::string::npos);
  EXPECT_NE(read_error("b.jsonl", with(3, "[\"A\",5,0")).find("b.jsonl:4: not a JSON value"), std::string::npos);
  EXPECT_NE(read_error("c.jsonl", with(3, "[\"X\",5,0,1]")).find("c.jsonl:4: unknown event \"X\""), std::string::npos);
  EXPECT_NE(read_error("d.jsonl", with(3, "[\"C\",5,0]")).find("d.jsonl:4: a \"C\" event has 3 fields"),
            std::string::npos);
  EXPECT_NE(read_error("e.jsonl", with(3, "[\"U\",5,0,-2]")).find("e.jsonl:4: flits must be a non-negative integer"),
            std::string::npos);
  EXPECT_NE(read_error("f.jsonl", with(0, "{\"format\":\"snsim-switch-capture\",\"version\":2}")).find("version 2"),
            std::string::npos);
  EXPECT_NE(read_error("g.jsonl", with(0, "{\"format\":\"snsim-switch-capture\",\"version\":1}")).find("no 'switch'"),
            std::string::npos);
  std::vector<std::string> lost = lines;
  lost.erase(lost.begin() + 3);
  EXPECT_NE(read_error("h.jsonl", lost).find("lines lost"), std::string::npos);
  std::vector<std::string> after = lines;
  after.push_back(lines[2]);
  EXPECT_NE(read_error("i.jsonl", after).find("a line after the end record"), std::string::npos);
  EXPECT_NE(read_error("j.jsonl", {}).find("empty file"), std::string::npos);
}

}  // namespace
}  // namespace snsim
