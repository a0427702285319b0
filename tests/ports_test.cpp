// Protocol ports (NVLink-like, UALink 1.0, ETH-X): data rates, framing efficiency, latency budgets,
// flow control and link-level retry, each against its formula. docs/models/ports.md has the figures.
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>

#include "models/graph/topologies/single_switch.h"
#include "models/link/port_profile.h"
#include "tests/test_support.h"

namespace snsim {
namespace {

using nlohmann::json;
using test::config_path;
using test::run_config;

const PortProfile& profile(const std::string& name) { return *find_profile(name); }

TEST(Ports, ProfilesGiveThePublishedDataRates) {
  // NVLink 4/5: 25 / 50 GB/s per link and direction (NVIDIA); UALink 200G lanes and 802.3dj Ethernet lanes:
  // 200 Gb/s of data per lane after RS(544,514) and 256b/257b.
  const std::vector<std::pair<std::string, double>> expected = {
      {"nvlink4", 25e9},        {"nvlink5", 50e9},        {"ualink-200g-x1", 25e9}, {"ualink-200g-x2", 50e9},
      {"ualink-200g-x4", 100e9}, {"ethx-200g", 25e9},      {"ethx-400g", 50e9},      {"ethx-800g", 100e9}};
  ASSERT_EQ(builtin_profiles().size(), expected.size());
  for (const auto& [name, rate] : expected) {
    EXPECT_NEAR(profile(name).data_rate_bytes_per_s(), rate, rate * 1e-12) << name;
  }
  // The RS(544,514) codeword (5440 bits) fills in 25.6 ns on one 212.5 Gb/s lane (facts 7).
  EXPECT_NEAR(profile("ualink-200g-x1").fec_fill_s(), 25.6e-9, 1e-15);
  EXPECT_NEAR(profile("ualink-200g-x4").fec_fill_s(), 6.4e-9, 1e-15);
}

TEST(Ports, FramingEfficiencyByHand) {
  // NVLink: a 16 B header flit per packet of up to 256 B: 256/272 = 94.1 %, with the AE flit 256/288.
  PortProfile nv = profile("nvlink5");
  EXPECT_DOUBLE_EQ(nv.efficiency(256), 256.0 / 272);
  EXPECT_DOUBLE_EQ(nv.efficiency(64), 64.0 / 80);
  EXPECT_DOUBLE_EQ(nv.efficiency(100), 100.0 / (16 + 7 * 16));        // payload rounded up to flits
  EXPECT_DOUBLE_EQ(nv.efficiency(512), 512.0 / (2 * 272));             // two packets of 256 B
  nv.address_extension = true;
  EXPECT_DOUBLE_EQ(nv.efficiency(256), 256.0 / 288);
  // UALink: 64 B TL flits + 16 B header share, packed 630 B to a 640 B DL flit: 256 B -> 92.6 %
  // (the consortium quotes "93 % effective peak bandwidth").
  const PortProfile& ua = profile("ualink-200g-x2");
  EXPECT_DOUBLE_EQ(ua.efficiency(256), 256.0 / (272.0 * 640 / 630));
  EXPECT_DOUBLE_EQ(ua.efficiency(64), 64.0 / (80.0 * 640 / 630));
  EXPECT_DOUBLE_EQ(ua.efficiency(100), 100.0 / (144.0 * 640 / 630));  // data rounded to two TL flits
  EXPECT_NEAR(ua.efficiency(256), 0.93, 0.005);
  // ETH-X: header 46 B (standard) or 10 B (compressed), minimum frame 64 B, preamble 8 + IFG 12 on the wire.
  PortProfile eth = profile("ethx-400g");
  EXPECT_DOUBLE_EQ(eth.efficiency(256), 256.0 / (256 + 46 + 20));
  EXPECT_DOUBLE_EQ(eth.efficiency(4050), 4050.0 / (4096 + 20));        // exactly one 4 KiB frame
  EXPECT_DOUBLE_EQ(eth.efficiency(4096), 4096.0 / (4096 + 20 + 92 + 20));  // 46 B spill into a second frame
  eth.header_bytes = 10;
  eth.max_payload = eth.max_frame - 10;
  EXPECT_DOUBLE_EQ(eth.efficiency(16), 16.0 / (64 + 20));              // padded to the minimum frame
  EXPECT_DOUBLE_EQ(eth.efficiency(256), 256.0 / (266 + 20));
}

struct SaturationCase {
  std::string protocol, profile;
  std::vector<std::string> extra;
};

TEST(Ports, SaturatedGoodputMatchesTheFramingFormula) {
  // Each uplink carries one back-to-back stream; its goodput (payload / data rate) must equal the
  // profile's efficiency to within the two packets that straddle the window's edges.
  const std::vector<SaturationCase> cases = {
      {"nvlink", "nvlink4", {}},         {"nvlink", "nvlink5", {}},
      {"nvlink", "nvlink5", {"link.address_extension=true", "link.byte_enable=true"}},
      {"ualink", "ualink-200g-x1", {}},  {"ualink", "ualink-200g-x2", {}},
      {"ualink", "ualink-200g-x4", {}},  {"ethx", "ethx-200g", {}},
      {"ethx", "ethx-400g", {"link.header=compressed"}}, {"ethx", "ethx-800g", {"link.max_frame=9216B"}}};
  for (const auto& c : cases) {
    const uint32_t max = c.protocol == "ethx" ? 9000 : 1024;
    for (uint32_t bytes : {64u, 100u, 192u, 256u, 320u, max}) {
      std::vector<std::string> o = {"link.protocol=" + c.protocol, "link.profile=" + c.profile,
                                    "workload.packet_size=" + std::to_string(bytes) + "B"};
      o.insert(o.end(), c.extra.begin(), c.extra.end());
      FabricConfig config = load_fabric_config(config_path("validation/port_saturation.yaml"), o);
      // Skip sizes an endpoint cannot saturate (shorter than a cycle on the wire).
      if (config.link.profile.wire_bytes(bytes) < config.link.bytes_per_cycle) continue;
      json r = run_config(config_path("validation/port_saturation.yaml"), o);
      const double expected = config.link.profile.efficiency(bytes);
      const double window = r["window"]["measure"].get<double>();
      const double tolerance = 2.0 * bytes / (window * config.link.bytes_per_cycle);
      for (const auto& l : r["links"]) {
        if (l["name"].get<std::string>().rfind("ep", 0) != 0) continue;  // uplinks
        ASSERT_NEAR(l["goodput"].get<double>(), expected, tolerance) << c.profile << " " << bytes << " B " << l["name"];
      }
      std::cout << c.profile << (c.extra.empty() ? "" : " " + c.extra[0]) << " " << bytes << " B: goodput "
                << r["links"][0]["goodput"] << ", formula " << expected << "\n";
    }
  }
}

TEST(Ports, ZeroLoadLatencyIsSerializationPlusTheBudget) {
  for (const auto& p : builtin_profiles()) {
    std::vector<std::string> o = {"workload.load=0.002", "link.protocol=" + p.protocol, "link.profile=" + p.name};
    FabricConfig config = load_fabric_config(config_path("default.yaml"), o);
    // The budget written out: two port pipelines, two SerDes, FEC fill + decode, 2 m at 5 ns/m.
    const double fill = 544.0 * 10 / (p.lanes * p.lane_rate_bps);
    const double budget = 2 * 5e-9 + 15e-9 + 15e-9 + fill + 30e-9 + 2 * 5e-9;
    EXPECT_NEAR(config.link.profile.latency_budget_s(), budget, 1e-15) << p.name;
    EXPECT_EQ(config.link.latency, static_cast<uint64_t>(std::ceil(budget * 1e9 - 1e-9))) << p.name;
    const uint64_t expected = single_switch_zero_load_latency(config, 256);
    json r = run_config(config_path("default.yaml"), o);
    ASSERT_GT(r["network_latency"]["count"].get<uint64_t>(), 20u);
    EXPECT_EQ(r["network_latency"]["p50"].get<uint64_t>(), expected) << p.name;
    if (p.framing == Framing::Packed) {
      // A packet that finds the previous one's DL flit still on the wire shares it and arrives sooner.
      EXPECT_GE(r["network_latency"]["min"].get<uint64_t>(), expected - 2 * config.link.serialization_cycles(256));
    } else {
      EXPECT_EQ(r["network_latency"]["min"].get<uint64_t>(), expected) << p.name;
    }
    std::cout << p.name << ": budget " << budget * 1e9 << " ns, serialization " << config.link.serialization_cycles(256)
              << " cycles, zero-load network latency " << expected << "\n";
  }
}

TEST(Ports, EveryPacketArrivesOnceAndInOrderUnderBitErrors) {
  const std::vector<double> bers = {1e-12, 1e-8, 1e-6, 1e-5};
  for (const std::string retry : {"nak", "timeout"}) {
    double previous_latency = 0;
    for (double ber : bers) {
      std::ostringstream b;
      b << ber;
      std::vector<std::string> o = {"link.ber=" + b.str(), "link.retry=" + retry, "workload.load=0.6",
                                    "simulation.drain=all", "simulation.measure=10000cycles"};
      json r = run_config(config_path("default.yaml"), o);
      EXPECT_TRUE(r["drained"].get<bool>()) << ber;
      EXPECT_EQ(r["packets_created"], r["packets_delivered"]) << ber;
      EXPECT_EQ(r["integrity"]["duplicates"], 0) << ber;
      EXPECT_EQ(r["integrity"]["out_of_order"], 0) << ber;
      EXPECT_EQ(r["integrity"]["misrouted"], 0) << ber;
      // Retries follow the frame error probability 1 - (1 - ber)^bits: 272 B on the wire per packet,
      // two links per packet. Compare with the binomial expectation (5 sigma).
      uint64_t retries = 0, carried = 0;
      for (const auto& l : r["links"]) retries += l["retries"].get<uint64_t>();
      carried = 2 * r["packets_delivered"].get<uint64_t>();
      const double p = -std::expm1(272 * 8 * std::log1p(-ber));
      const double mean = carried * p / (1 - p);
      EXPECT_NEAR(double(retries), mean, 5 * std::sqrt(mean) + 1) << ber;
      std::cout << retry << " ber " << ber << ": retries " << retries << " (expected " << mean << "), mean latency "
                << r["latency"]["mean"] << "\n";
      EXPECT_GE(r["latency"]["mean"].get<double>(), previous_latency - 1.0) << "retries cannot make it faster";
      previous_latency = r["latency"]["mean"].get<double>();
    }
  }
}

TEST(Ports, ReplayBufferShorterThanTheAckLoopLimitsThroughput) {
  // Go-back-N holds each frame until its ACK: 1 cycle on the wire + 10 of flight + 10 of ACK delay +
  // 10 back = 31 cycles. A 4-frame replay buffer carries 4 frames per 31 cycles.
  const std::vector<std::string> base = {"workload.pattern=permutation", "link.latency=10cycles",
                                         "link.credit_latency=10cycles", "link.ack_delay=10cycles",
                                         "simulation.measure=20000cycles"};
  for (uint32_t depth : {4u, 16u, 31u, 64u}) {
    std::vector<std::string> o = base;
    o.push_back("link.replay_buffer=" + std::to_string(depth));
    json r = run_config(config_path("validation/hol_fifo_16.yaml"), o);
    const double expected = std::min(1.0, depth / 31.0);
    EXPECT_NEAR(r["accepted_throughput"].get<double>(), expected, 0.005) << depth;
    std::cout << "replay buffer " << depth << ": " << r["accepted_throughput"] << ", formula " << expected << "\n";
  }
}

TEST(Ports, CreditLoopOfAProtocolLink) {
  // UALink x2 (50 B/cycle) with 1 KiB payloads from saturated sources. A packet is 4 requests of
  // 256 + 16 B = 1088 B of TL content = 68 flits of credit, 2 DL flits = 25.6 -> 26 cycles on the wire.
  // A credit comes back 26 + 93 (link) + 1 (switch) + 93 (return) = 213 cycles after it was spent, so a
  // 4 KiB buffer (256 flits = 3 whole packets) carries 3 x 1024 B per 213 cycles; 32 KiB covers the loop
  // and the wire's framing efficiency is the limit.
  std::vector<std::string> base = {"workload.pattern=permutation", "workload.process=saturated", "workload.load=1",
                                   "workload.packet_size=1KiB", "switch.latency=1cycles", "simulation.drain_limit=0cycles"};
  const double framing = find_profile("ualink-200g-x2")->efficiency(1024);
  for (const auto& [buffer, expected] : std::vector<std::pair<std::string, double>>{
           {"4KiB", 3 * 1024.0 / (213 * 50)}, {"32KiB", framing}}) {
    std::vector<std::string> o = base;
    o.push_back("link.protocol=ualink");
    o.push_back("switch.input_buffer=" + buffer);
    json r = run_config(config_path("default.yaml"), o);
    EXPECT_NEAR(r["accepted_throughput"].get<double>(), expected, 0.002) << buffer;
    std::cout << "ualink credit loop, buffer " << buffer << ": " << r["accepted_throughput"] << ", formula " << expected
              << "\n";
  }
}

TEST(Ports, PauseFlowControlPausesButNeverDrops) {
  // A hotspot oversubscribes endpoint 0's down link; with PFC the switch's inputs fill and pause the
  // sources. A dropped packet would throw (buffer overflow) and fail the run; conservation is checked too.
  std::vector<std::string> o = {"link.protocol=ethx", "link.flow_control=pause", "workload.pattern=hotspot",
                                "workload.hotspot.nodes=[0]", "workload.hotspot.fraction=0.5", "workload.load=0.5",
                                "simulation.drain=all", "simulation.measure=10000cycles"};
  json r = run_config(config_path("default.yaml"), o);
  EXPECT_TRUE(r["drained"].get<bool>());
  EXPECT_EQ(r["packets_created"], r["packets_delivered"]);
  EXPECT_EQ(r["integrity"]["out_of_order"], 0);
  uint64_t paused = 0;
  for (const auto& l : r["links"]) paused += l["pause_cycles"].get<uint64_t>();
  EXPECT_GT(paused, 1000u);
  // The same fabric with credits is lossless too, and stalls instead of pausing.
  o[1] = "link.flow_control=credit";
  json c = run_config(config_path("default.yaml"), o);
  EXPECT_EQ(c["packets_created"], c["packets_delivered"]);
  uint64_t stalls = 0, c_paused = 0;
  for (const auto& l : c["links"]) stalls += l["flow_control_stall_cycles"].get<uint64_t>(), c_paused += l["pause_cycles"].get<uint64_t>();
  EXPECT_GT(stalls, 1000u);
  EXPECT_EQ(c_paused, 0u);
  std::cout << "hotspot: pause mode paused " << paused << " link-cycles; credit mode stalled " << stalls << "\n";
}

TEST(Ports, OneKeySwitchesTheProtocolAndTheReportShowsWhy) {
  // At full load the accepted throughput of 256 B packets is bounded by each protocol's wire efficiency.
  std::map<std::string, double> accepted, efficiency;
  for (const std::string p : {"nvlink", "ualink", "ethx"}) {
    json r = run_config(config_path("default.yaml"),
                        {"link.protocol=" + p, "workload.load=1", "workload.process=saturated",
                         "workload.pattern=permutation", "simulation.drain_limit=0cycles"});
    accepted[p] = r["accepted_throughput"].get<double>();
    efficiency[p] = find_profile(r["config"]["link_profile"].get<std::string>())->efficiency(256);
    EXPECT_NEAR(accepted[p], efficiency[p], 0.002) << p;
    EXPECT_EQ(r["config"]["link_protocol"], p);
  }
  EXPECT_GT(accepted["nvlink"], accepted["ualink"]);
  EXPECT_GT(accepted["ualink"], accepted["ethx"]);
}

}  // namespace
}  // namespace snsim
