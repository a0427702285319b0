// Memory-semantic traffic across a fabric (configs/examples/memory_remote_hbm3.yaml): the round trip of
// a lone remote 64 B read is exactly the fabric's zero-load legs (single_switch_zero_load_latency,
// the formula the validation tests check) plus the HBM's zero-load latency (hbm_latency_test.cpp) plus
// the one-cycle crossing back into the fabric clock; the local baseline differs from it by exactly the
// fabric legs; saturated request/response traffic that shares links neither deadlocks nor loses a packet.
#include <gtest/gtest.h>

#include <iostream>

#include "models/graph/topologies/single_switch.h"
#include "tests/test_support.h"

namespace snsim {
namespace {

using nlohmann::json;

const std::string kConfig = "examples/memory_remote_hbm3.yaml";

// Two accelerators (each the other's home) at a clock equal to HBM3's, so HBM cycles are fabric cycles;
// one request in flight per initiator at a low rate, refresh off: nothing ever waits.
std::vector<std::string> lone_requests(const std::string& page_policy) {
  return {"fabric.endpoints=2",
          "fabric.clock=1.6GHz",
          "workload.pattern=uniform_no_self",
          "workload.process=bernoulli",
          "workload.load=0.0001",  // a request every ~10000 cycles: the round trip is ~1300
          "workload.memory.read_fraction=1",
          "workload.memory.max_outstanding=1",
          "workload.memory.region=256B",  // 4 slots of 64 B: with an open page, every slot's row stays open
          "simulation.measure=400000cycles",
          "hbm.controller.refresh=off",
          "hbm.controller.page_policy=" + page_policy};
}

struct Expected {
  uint64_t request_leg, response_leg, miss, hit;
};

Expected expected_for(const std::vector<std::string>& overrides) {
  const FabricConfig c = load_fabric_config(test::config_path(kConfig), overrides);
  const hbm::HbmTiming& t = c.hbm->timing;
  const MemoryWorkload& m = c.workload.memory;
  EXPECT_DOUBLE_EQ(c.fabric.clock_hz, c.hbm->org.clock_hz);
  // A 64 B read is two 32 B bursts of one row: the second follows tCCD_L after the first (same bank
  // group). +1: the cycle a request takes to reach the HBM scheduler; +1: the crossing back.
  EXPECT_EQ(m.request_bytes, 2 * c.hbm->org.burst_bytes());
  Expected e;
  e.request_leg = single_switch_zero_load_latency(c, m.request_payload(MemoryOp::Read));
  e.response_leg = single_switch_zero_load_latency(c, m.response_payload(MemoryOp::Read));
  e.miss = 1 + t.trcd_rd + t.tccd_l + t.rl + t.burst + 1;
  e.hit = 1 + t.tccd_l + t.rl + t.burst + 1;
  return e;
}

TEST(MemoryFabric, LoneRemoteReadRoundTripIsFabricLegsPlusHbmMiss) {
  const auto o = lone_requests("adaptive");
  const Expected e = expected_for(o);
  json r = test::run_config(test::config_path(kConfig), o);
  const json& l = r["memory"]["latency"];
  ASSERT_GT(l["read_round_trip"]["count"].get<uint64_t>(), 20u);
  // Every request finds its bank closed (the adaptive policy auto-precharges the second burst of a lone
  // request, which has no queued successor): the memory share is the miss latency, always.
  EXPECT_EQ(l["memory_share"]["min"], e.miss);
  EXPECT_EQ(l["memory_share"]["max"], e.miss);
  EXPECT_EQ(l["request_network"]["min"], e.request_leg);
  EXPECT_EQ(l["response_network"]["min"], e.response_leg);
  EXPECT_EQ(l["fabric_share"]["min"], e.request_leg + e.response_leg);
  EXPECT_EQ(l["read_round_trip"]["min"], e.request_leg + e.miss + e.response_leg);
  // The two initiators' messages can meet on a link; most do not.
  EXPECT_EQ(l["read_round_trip"]["p50"], e.request_leg + e.miss + e.response_leg);
  EXPECT_EQ(r["memory"]["transactions"]["measured_remote"], l["read_round_trip"]["count"]);
  std::cout << "remote 64 B read, zero load (fabric 1.6 GHz = HBM3 CK): request leg " << e.request_leg
            << " + HBM miss " << e.miss << " + response leg " << e.response_leg << " = "
            << l["read_round_trip"]["min"] << " cycles\n";
}

TEST(MemoryFabric, OpenRowsGiveTheHitLatency) {
  const auto o = lone_requests("open");
  const Expected e = expected_for(o);
  json r = test::run_config(test::config_path(kConfig), o);
  const json& l = r["memory"]["latency"];
  // The first visit of each of the 4 slots misses, every later one hits the row left open.
  EXPECT_EQ(l["memory_share"]["min"], e.hit);
  EXPECT_EQ(l["memory_share"]["p50"], e.hit);
  EXPECT_EQ(l["memory_share"]["max"], e.miss);
  EXPECT_EQ(l["read_round_trip"]["min"], e.request_leg + e.hit + e.response_leg);
  double hits = 0, bursts = 0;
  for (const auto& c : r["memory"]["channels"]) {
    hits += c["row_hits"].get<double>();
    bursts += c["read_bursts"].get<double>();
  }
  EXPECT_GT(hits / bursts, 0.8);
}

TEST(MemoryFabric, LocalBaselineDiffersFromRemoteByTheFabricLegs) {
  auto remote = lone_requests("adaptive");
  auto local = remote;
  local.push_back("workload.memory.target=local");
  const Expected e = expected_for(remote);
  json rr = test::run_config(test::config_path(kConfig), remote);
  json lr = test::run_config(test::config_path(kConfig), local);
  const json& l = lr["memory"]["latency"];
  EXPECT_EQ(lr["packets_created"], 0);  // the baseline never touches the fabric
  EXPECT_GT(l["local_read_round_trip"]["count"].get<uint64_t>(), 20u);
  EXPECT_EQ(l["local_read_round_trip"]["min"], e.miss);
  EXPECT_EQ(l["local_read_round_trip"]["p50"], e.miss);  // (a rare request waits for the one tag)
  EXPECT_EQ(l["memory_share"]["max"], e.miss);
  EXPECT_EQ(rr["memory"]["latency"]["remote_read_round_trip"]["min"].get<uint64_t>() -
                l["local_read_round_trip"]["min"].get<uint64_t>(),
            e.request_leg + e.response_leg);
}

TEST(MemoryFabric, LoneAtomicIsAReadThenAWriteAtItsHome) {
  auto o = lone_requests("open");
  o.push_back("workload.memory.atomic_fraction=1");
  const Expected e = expected_for(o);
  const FabricConfig c = load_fabric_config(test::config_path(kConfig), o);
  const hbm::HbmTiming& t = c.hbm->timing;
  const MemoryWorkload& m = c.workload.memory;
  // The write is handed over one cycle after the read's answer and finds the row open (tRTW has passed:
  // RL + tBURST + 2 >= tRTW): 1 + tCCD_L + WL + tBURST, and the crossing back.
  ASSERT_GE(t.rl + t.burst + 2, t.trtw);
  const uint64_t write_hit = 1 + t.tccd_l + t.wl + t.burst + 1;
  const uint64_t legs = single_switch_zero_load_latency(c, m.request_payload(MemoryOp::Atomic)) +
                        single_switch_zero_load_latency(c, m.response_payload(MemoryOp::Atomic));
  json r = test::run_config(test::config_path(kConfig), o);
  const json& l = r["memory"]["latency"];
  ASSERT_GT(l["atomic_round_trip"]["count"].get<uint64_t>(), 20u);
  EXPECT_EQ(l["read_round_trip"]["count"], 0);
  EXPECT_EQ(l["memory_share"]["min"], e.hit + write_hit);   // the read hits a row left open
  EXPECT_EQ(l["memory_share"]["max"], e.miss + write_hit);  // the first visit of a slot
  EXPECT_EQ(l["atomic_round_trip"]["min"], legs + e.hit + write_hit);
  uint64_t reads = 0, writes = 0;
  for (const auto& ch : r["memory"]["channels"]) {
    reads += ch["read_bursts"].get<uint64_t>();
    writes += ch["write_bursts"].get<uint64_t>();
  }
  EXPECT_GT(reads, 40u);
  EXPECT_NEAR(double(reads), double(writes), 4.0);  // an atomic may straddle a window edge
}

// Saturated, random, mixed loads and stores from every accelerator to every other one: requests and
// responses share every link. Small buffers and many tags make the request VCs back up to the HBM.
TEST(MemoryFabric, SaturatedRequestsAndResponsesSharingLinksNeitherDeadlockNorLose) {
  for (const char* pattern : {"uniform", "tornado"}) {
    SCOPED_TRACE(pattern);
    json r = test::run_config(test::config_path(kConfig),
                              {"workload.memory.access=random", "workload.memory.read_fraction=0.5",
                               "workload.memory.atomic_fraction=0.2", "hbm.controller.check_timing=true",
                               "workload.memory.max_outstanding=1024", std::string("workload.pattern=") + pattern,
                               "endpoint.receive_buffer=2KiB", "switch.input_buffer=2KiB",
                               "workload.memory.request_size=256B", "simulation.warmup=500cycles",
                               "simulation.measure=4000cycles", "simulation.drain=all",
                               "simulation.drain_limit=1000000cycles"});
    EXPECT_TRUE(r["deadlock"].is_null()) << r["deadlock"];
    EXPECT_TRUE(r["drained"].get<bool>());
    const json& t = r["memory"]["transactions"];
    EXPECT_GT(t["issued"].get<uint64_t>(), 1000u);
    EXPECT_EQ(t["issued"], t["completed"]);
    EXPECT_EQ(r["packets_created"], r["packets_delivered"]);
    EXPECT_EQ(r["integrity"]["duplicates"], 0);
    EXPECT_EQ(r["integrity"]["misrouted"], 0);
    EXPECT_EQ(r["integrity"]["out_of_order"], 0);
    EXPECT_GT(r["memory"]["latency"]["response"]["count"].get<uint64_t>(), 0u);
    // The fabric-driven command streams obey JEDEC timing (the independent checker, docs/models/hbm.md).
    EXPECT_GT(r["memory"]["timing_checker"]["commands"].get<uint64_t>(), 1000u);
    EXPECT_EQ(r["memory"]["timing_checker"]["violations"], 0);
  }
}

TEST(MemoryFabric, EveryRemoteTransactionIsOneRequestAndOneResponse) {
  // tornado never picks the initiator itself: every transaction crosses the fabric.
  json r = test::run_config(test::config_path(kConfig),
                            {"simulation.warmup=500cycles", "simulation.measure=3000cycles", "simulation.drain=all"});
  const json& t = r["memory"]["transactions"];
  EXPECT_EQ(t["measured_local"], 0);
  EXPECT_EQ(r["packets_created"].get<uint64_t>(), 2 * t["issued"].get<uint64_t>());
  EXPECT_EQ(r["packets_delivered"], r["packets_created"]);
  uint64_t bytes = 0;
  for (const auto& a : r["memory"]["accelerators"]) {
    EXPECT_GT(a["bytes"].get<uint64_t>(), 0u);
    bytes += a["bytes"].get<uint64_t>();
  }
  // Every channel record covers the window; the HBMs served what the initiators completed (within the
  // requests in flight at the window's edges).
  uint64_t burst_bytes = 0;
  for (const auto& c : r["memory"]["channels"]) {
    burst_bytes += (c["read_bursts"].get<uint64_t>() + c["write_bursts"].get<uint64_t>()) * 32;
  }
  EXPECT_EQ(r["memory"]["channels"].size(), 4u * 16u);
  EXPECT_NEAR(double(burst_bytes), double(bytes), 4.0 * 2 * 64 * 64);
}

TEST(MemoryFabric, ConfigErrorsNameTheKey) {
  auto error_of = [](const std::vector<std::string>& o) {
    try {
      load_fabric_config(test::config_path(kConfig), o);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error_of({"workload.memory.response_vc=0"}).find("workload.memory.response_vc"), std::string::npos);
  EXPECT_NE(error_of({"fabric.vcs=1"}).find("workload.memory.response_vc"), std::string::npos);
  EXPECT_NE(error_of({"workload.memory.request_size=96B"}).find("multiple of 64"), std::string::npos);
  EXPECT_NE(error_of({"workload.packet_size=64B"}).find("workload.packet_size"), std::string::npos);
  EXPECT_NE(error_of({"workload.memory.region=8GiB"}).find("do not fit"), std::string::npos);
  EXPECT_NE(error_of({"hbm.timing.rl=0cycles"}).find("hbm.timing.rl"), std::string::npos);
  EXPECT_NE(error_of({"fabric.topology=ring", "topology.dims=[4]"}).find("single_switch"), std::string::npos);
  EXPECT_NE(error_of({"hbm.profile=../hbm/nonexistent.yml"}).find("hbm.profile"), std::string::npos);
  EXPECT_NE(error_of({"hbm.controller.refreshh=off"}).find("hbm.controller.refreshh"), std::string::npos);
  // The hbm section without a memory workload.
  try {
    load_fabric_config(test::config_path("default.yaml"), {"hbm.timing.rl=20cycles"});
    ADD_FAILURE() << "accepted";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("workload.memory"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace snsim
