// The "done when" of the co-simulation: a fabric whose switch is the Verilated RTL (switch.impl: rtl)
// delivers every packet at the same cycle as the all-TLM fabric. Each run is a child process
// (SystemC elaborates once per process); the children return every delivered packet's record.
#include <gtest/gtest.h>
#include <systemc>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "models/fabric/fabric.h"
#include "models/fabric/fabric_config.h"
#include "models/rtl_switch/rtl_crossbar_switch.h"
#include "models/rtl_switch/rtl_switch_backend.h"
#include "models/sim/isolated_run.h"
#include "models/sim/simulation.h"
#include "models/stats/fabric_stats.h"
#include "tests/vcd_reader.h"

namespace snsim {
namespace {

std::string fabric_path(const std::string& name) { return std::string(SNSIM_TESTBENCH_DIR) + "/fabrics/" + name; }

struct RunResult {
  nlohmann::json packets;  // [id, source, destination, created, injected, delivered], in delivery order
  uint64_t cycles = 0, activations = 0, rtl_clocked = 0;
  nlohmann::json latency;  // the measured creation-to-delivery latencies: (value, count) pairs
};

// Runs `cycles` cycles of the fabric and records every delivery.
RunResult run_fabric(const std::string& path, const std::string& impl, uint64_t cycles) {
  nlohmann::json j = run_isolated([&] {
    sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
    FabricConfig config = load_fabric_config(path, {"switch.impl=" + impl});
    FabricStats stats({config.simulation.warmup, config.simulation.warmup + config.simulation.measure},
                      config.fabric.endpoints);
    nlohmann::json packets = nlohmann::json::array();
    stats.delivery_observer = [&](const PacketInfo& p, uint64_t arrival) {
      packets.push_back({p.id, p.source, p.destination, p.created, p.injected, arrival});
    };
    std::unique_ptr<Fabric> fabric = build_fabric(config, stats);
    sc_core::sc_start(sc_core::SC_ZERO_TIME);
    fabric->start();
    sc_core::sc_start(fabric->domain().time_of(cycles));
    nlohmann::json latency = nlohmann::json::array();
    for (const auto& [value, count] : stats.latency.nonzero()) latency.push_back({value, count});
    return nlohmann::json{{"packets", packets},
                          {"activations", fabric->domain().activations()},
                          {"rtl_clocked", RtlCrossbarSwitch::total_clocked()},
                          {"latency", latency}};
  });
  RunResult r;
  r.packets = j["packets"];
  r.cycles = cycles;
  r.activations = j["activations"];
  r.rtl_clocked = j["rtl_clocked"];
  r.latency = j["latency"];
  return r;
}

void expect_same_deliveries(const std::string& config, uint64_t cycles) {
  const RunResult tlm = run_fabric(fabric_path(config), "tlm", cycles);
  const RunResult rtl = run_fabric(fabric_path(config), "rtl", cycles);
  // Enough traffic to mean something, and the RTL really ran (and not on every cycle).
  ASSERT_GT(tlm.packets.size(), 5000u);
  EXPECT_EQ(tlm.rtl_clocked, 0u);
  EXPECT_GT(rtl.rtl_clocked, 1000u);
  EXPECT_LT(rtl.rtl_clocked, cycles);
  // Contention: some packets waited in the switch (a latency spread beyond a few sizes).
  ASSERT_GT(tlm.latency.size(), 20u);
  ASSERT_EQ(tlm.packets.size(), rtl.packets.size());
  for (size_t k = 0; k < tlm.packets.size(); ++k) {
    ASSERT_EQ(tlm.packets[k], rtl.packets[k]) << "delivery " << k << " [id, source, destination, created, "
                                              << "injected, delivered] differs";
  }
  EXPECT_EQ(tlm.latency, rtl.latency);
  std::printf("[ %s ] %zu packets delivered at the same cycles; RTL clocked on %llu of %llu cycles\n",
              config.c_str(), tlm.packets.size(), (unsigned long long)rtl.rtl_clocked, (unsigned long long)cycles);
}

TEST(RtlSwitchFabric, VoqIslipGivesTheSamePerPacketLatenciesAsTlm) {
  expect_same_deliveries("rtl_switch_voq4.yaml", 40000);
}

TEST(RtlSwitchFabric, FifoRoundRobinGivesTheSamePerPacketLatenciesAsTlm) {
  expect_same_deliveries("rtl_switch_fifo8.yaml", 40000);
}

// The whole report of `snsim run` (what the CLI writes with --json), in a child process.
nlohmann::json run_report(const std::string& config, const std::string& impl, const RunOptions& options = RunOptions(false)) {
  return run_isolated([&] {
    return run_simulation(load_fabric_config(fabric_path(config), {"switch.impl=" + impl}), options);
  });
}

// Beyond the deliveries: every statistic of the report is the same, including the queue statistics of
// the switch's inputs and the flow-control stall cycles of its output links (the RTL's stall_o against
// the TLM switch's eligibility test). Only the engine's counts differ (the transactor wakes on some
// cycles the TLM switch skips), the config's record of the override, and the config hash of the
// provenance, which covers that override too.
void expect_same_report(const std::string& config) {
  nlohmann::json tlm = run_report(config, "tlm"), rtl = run_report(config, "rtl");
  EXPECT_NE(tlm["engine"], rtl["engine"]);
  EXPECT_EQ(rtl["config"]["overrides"]["switch.impl"], "rtl");
  EXPECT_NE(tlm["provenance"]["config_hash"], rtl["provenance"]["config_hash"]);
  uint64_t stalls = 0;
  for (const auto& link : tlm["links"]) {
    if (link["name"].get<std::string>().rfind("sw0_to_", 0) == 0) stalls += link["flow_control_stall_cycles"].get<uint64_t>();
  }
  EXPECT_GT(stalls, 0u) << "the comparison should cover flow-control stalls of the switch's outputs";
  for (nlohmann::json* report : {&tlm, &rtl}) {
    report->erase("engine");
    (*report)["config"].erase("overrides");
    (*report)["provenance"].erase("config_hash");
  }
  EXPECT_EQ(tlm.dump(1), rtl.dump(1));
  std::printf("[ %s ] same report; %llu flow-control stall cycles on the switch's output links\n", config.c_str(),
              (unsigned long long)stalls);
}

TEST(RtlSwitchFabric, VoqIslipGivesTheSameReportAsTlmButForTheEngine) { expect_same_report("rtl_switch_voq4.yaml"); }

TEST(RtlSwitchFabric, FifoRoundRobinGivesTheSameReportAsTlmButForTheEngine) {
  expect_same_report("rtl_switch_fifo8.yaml");
}

// `snsim run --vcd` with the RTL switch: the Verilated switch's ports are in the run's waveform, on its
// time base. Checked against the TLM-level signals of the same file: every packet the RTL sends on
// output j starts on link j's wire within that cycle and every packet on the wire was sent by the RTL;
// the RTL's credit counter after each clock edge equals the credits the link's sender holds; an input's
// queue is empty in the RTL exactly when the switch's input buffer is; cycle_i is the time in cycles.
TEST(RtlSwitchFabric, WaveformHoldsTheRtlPortsOnTheRunsTimeBase) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("snsim_rtl_wave_" + std::to_string(getpid()));
  fs::create_directories(dir);
  RunOptions options(false);
  options.trace.vcd_file = (dir / "rtl.vcd").string();
  options.trace.patterns = {"sw0", "sw0_to_ep*"};
  options.trace.begin = 3000;
  options.trace.end = 6000;
  run_report("rtl_switch_voq4.yaml", "rtl", options);
  std::ifstream in(dir / "rtl.vcd");
  const testing_vcd::Waveform w = testing_vcd::read_vcd(in);
  const FabricConfig config = load_fabric_config(fabric_path("rtl_switch_voq4.yaml"), {});
  const uint64_t period = static_cast<uint64_t>(1e12 / config.fabric.clock_hz + 0.5);  // ps
  const uint32_t ports = config.fabric.endpoints;
  auto signal = [&](const std::string& name) -> const testing_vcd::Trace& {
    static const testing_vcd::Trace none;
    auto it = w.signals.find("fabric." + name);
    EXPECT_NE(it, w.signals.end()) << name;
    return it == w.signals.end() ? none : it->second;
  };

  // Clocked in the window, not on every cycle, and cycle_i is the time.
  const auto& clk = signal("sw0_rtl.clk_i");
  uint64_t edges = 0;
  for (const auto& [t, v] : clk.changes) {
    if (v != 1 || t < 3000 * period) continue;
    ++edges;
    EXPECT_EQ(t % period, period / 2) << "rising edges half a cycle in";
  }
  EXPECT_GT(edges, 300u);
  EXPECT_LT(edges, 3000u);
  for (const auto& [t, v] : signal("sw0_rtl.cycle_i").changes) {
    if (t > 3000 * period) {
      EXPECT_EQ(v * period, t);
    }
  }

  uint64_t departures = 0, credit_checks = 0, queue_checks = 0;
  for (uint32_t j = 0; j < ports; ++j) {
    const std::string out = "sw0_rtl.out" + std::to_string(j) + "_";
    const auto& valid = signal(out + "valid_o");
    const auto& packet = signal("sw0_to_ep" + std::to_string(j) + ".packet");
    // The link may still be sending the tail of the previous packet (its wire time is fractional): the
    // packet starts on the wire within the cycle of its departure.
    auto starts_within = [&](uint64_t t) {
      for (const auto& [when, id] : packet.changes) {
        if (when >= t && when < t + period && id != 0 && packet.at(when - 1) != id) return true;
      }
      return false;
    };
    for (const auto& [t, v] : valid.changes) {
      if (v != 1 || t <= 3000 * period || t >= 5990 * period) continue;
      ++departures;
      EXPECT_TRUE(starts_within(t)) << "output " << j << " sent at " << t << " ps, no packet starts on its link";
    }
    for (const auto& [t, id] : packet.changes) {
      if (id != 0 && t > 3001 * period) {
        EXPECT_EQ(valid.at(t / period * period), 1u) << "packet " << id << " starts at " << t << " ps";
      }
    }
    const auto& credits = signal("sw0_to_ep" + std::to_string(j) + ".credits_vc0");
    for (const auto& [t, v] : signal(out + "credits_o").changes) {
      if (t <= 3000 * period) continue;
      ++credit_checks;
      EXPECT_EQ(v, credits.at(t)) << "output " << j << " at " << t << " ps";
    }
    const std::string in = "sw0_rtl.in" + std::to_string(j) + "_";
    const auto& flits = signal("sw0.in" + std::to_string(j) + "_flits");
    for (const auto& [t, v] : signal(in + "queued_o").changes) {
      if (t <= 3000 * period) continue;
      ++queue_checks;
      EXPECT_EQ(v == 0, flits.at(t) == 0) << "input " << j << " at " << t << " ps";
    }
  }
  EXPECT_GT(departures, 500u);
  EXPECT_GT(credit_checks, 300u);
  EXPECT_GT(queue_checks, 300u);
  // The save file groups the RTL's ports under their own scope.
  std::ifstream gtkw(dir / "rtl.gtkw");
  std::stringstream layout;
  layout << gtkw.rdbuf();
  EXPECT_NE(layout.str().find("-sw0_rtl"), std::string::npos);
  EXPECT_NE(layout.str().find("fabric.sw0_rtl.out0_flit_o"), std::string::npos);
  std::printf("[ waveform ] %llu clock edges, %llu departures, %llu credit and %llu queue comparisons\n",
              (unsigned long long)edges, (unsigned long long)departures, (unsigned long long)credit_checks,
              (unsigned long long)queue_checks);
  fs::remove_all(dir);
}

TEST(RtlSwitchFabric, RefusesSettingsOutsideTheSubset) {
  auto message = [](const std::vector<std::string>& overrides) -> std::string {
    try {
      load_fabric_config(fabric_path("rtl_switch_voq4.yaml"), overrides);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_EQ(message({"switch.impl=rtl"}), "");
  const std::string vcs = message({"switch.impl=rtl", "fabric.vcs=2"});
  EXPECT_NE(vcs.find("--set switch.impl=rtl: key 'switch.impl'"), std::string::npos) << vcs;
  EXPECT_NE(vcs.find("fabric.vcs is 2"), std::string::npos) << vcs;
  EXPECT_NE(vcs.find("the RTL switch implements"), std::string::npos) << vcs;
  EXPECT_NE(message({"switch.impl=rtl", "switch.switching=cut_through"}).find("cut_through"), std::string::npos);
  EXPECT_NE(message({"switch.impl=rtl", "switch.arbiter=round_robin"}).find("input_queue / arbiter"), std::string::npos);
  EXPECT_NE(message({"switch.impl=rtl", "switch.islip_iterations=3"}).find("no Verilated model"), std::string::npos);
  EXPECT_NE(message({"switch.impl=rtl", "link.protocol=ualink"}).find("packs several packets"), std::string::npos);
  EXPECT_NE(message({"switch.impl=rtl", "switch.latency=0cycles"}).find("latency"), std::string::npos);
  // The same settings with the TLM switch are fine.
  EXPECT_EQ(message({"fabric.vcs=2"}), "");
}

}  // namespace
}  // namespace snsim

int sc_main(int argc, char* argv[]) {
  testing::InitGoogleTest(&argc, argv);
  snsim::register_rtl_switch();
  return RUN_ALL_TESTS();
}

int main(int argc, char* argv[]) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  return sc_core::sc_elab_and_sim(argc, argv);
}
