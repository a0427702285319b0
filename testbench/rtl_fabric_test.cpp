// The "done when" of the co-simulation: a fabric whose switch is the Verilated RTL (switch.impl: rtl)
// delivers every packet at the same cycle as the all-TLM fabric. Each run is a child process
// (SystemC elaborates once per process); the children return every delivered packet's record.
#include <gtest/gtest.h>
#include <systemc>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "models/fabric/fabric.h"
#include "models/fabric/fabric_config.h"
#include "models/sim/isolated_run.h"
#include "models/stats/fabric_stats.h"
#include "testbench/rtl_crossbar_switch.h"
#include "testbench/rtl_switch_backend.h"

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
