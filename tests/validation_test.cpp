// Validation of the single-switch fabric against theory and an independent reference.
// Each figure is also in docs/validation.md with the command that reproduces it.
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>

#include "models/core/rng.h"
#include "models/graph/topologies/single_switch.h"
#include "models/sim/sweep.h"
#include "tests/test_support.h"

namespace snsim {
namespace {

using nlohmann::json;
using test::config_path;
using test::run_config;

// Independent reference for head-of-line blocking: the slot-level model of Karol, Hluchyj and Morgan
// (1987) written out directly (no SystemC, no snsim component): every input always has a head cell
// with a uniformly random destination; each output serves one of its contenders chosen at random.
double karol_monte_carlo(uint32_t n, uint64_t slots, uint64_t seed) {
  Rng rng(seed, "karol-reference");
  std::vector<uint32_t> head(n);
  for (auto& h : head) h = static_cast<uint32_t>(rng.below(n));
  std::vector<std::vector<uint32_t>> contenders(n);
  uint64_t served = 0;
  const uint64_t warmup = slots / 10;
  for (uint64_t s = 0; s < slots + warmup; ++s) {
    for (auto& c : contenders) c.clear();
    for (uint32_t i = 0; i < n; ++i) contenders[head[i]].push_back(i);
    for (uint32_t j = 0; j < n; ++j) {
      if (contenders[j].empty()) continue;
      uint32_t winner = contenders[j][rng.below(contenders[j].size())];
      head[winner] = static_cast<uint32_t>(rng.below(n));
      if (s >= warmup) ++served;
    }
  }
  return double(served) / double(n * slots);
}

TEST(Validation, HolBlockingFifoSwitchMatchesKarolHluchyjMorgan) {
  // Published saturation throughputs for N = 4 and 8; about 0.60 for N = 16 (KHM 1987, table I).
  const std::vector<std::pair<uint32_t, double>> theory = {{4, 0.6553}, {8, 0.6184}, {16, 0.60}};
  for (const auto& [n, expected] : theory) {
    json r = run_config(config_path("validation/hol_fifo_16.yaml"), {"fabric.endpoints=" + std::to_string(n)});
    const double accepted = r["accepted_throughput"].get<double>();
    EXPECT_NEAR(accepted, expected, 0.01) << "N = " << n;
    const double reference = karol_monte_carlo(n, 400000, 1);
    std::cout << "HOL N=" << n << ": snsim " << accepted << ", theory " << expected << ", slot model " << reference
              << "\n";
    EXPECT_NEAR(accepted, reference, 0.01) << "N = " << n << " against the independent slot model";
  }
}

TEST(Validation, VoqWithIslipSaturatesAbove95Percent) {
  json r = run_config(config_path("validation/voq_islip_16.yaml"));
  EXPECT_GE(r["accepted_throughput"].get<double>(), 0.95);
  std::cout << "VOQ+iSLIP(1): " << r["accepted_throughput"] << "\n";
  // The same switch with FIFO inputs is limited by head-of-line blocking: VOQs are what make the gain.
  json fifo = run_config(config_path("validation/voq_islip_16.yaml"),
                         {"switch.input_queue=fifo", "switch.arbiter=random"});
  EXPECT_LT(fifo["accepted_throughput"].get<double>(), 0.62);
  std::cout << "same switch with FIFO inputs: " << fifo["accepted_throughput"] << "\n";
}

TEST(Validation, OutputQueueWaitMatchesTheBinomialArrivalFormula) {
  // W = ((N-1)/N) * p / (2 (1 - p)) slots (KHM 1987). The simulated wait is the mean network latency
  // minus the analytical zero-load latency (two links and the switch pipeline).
  const std::string path = config_path("validation/output_queued_16.yaml");
  for (double p : {0.1, 0.3, 0.5, 0.7, 0.9}) {
    std::ostringstream load;
    load << p;
    FabricConfig config = load_fabric_config(path, {"workload.load=" + load.str()});
    json r = run_config(path, {"workload.load=" + load.str()});
    const double n = 16;
    const double theory = (n - 1) / n * p / (2 * (1 - p));
    const double wait = r["network_latency"]["mean"].get<double>() -
                        double(single_switch_zero_load_latency(config, 16));
    EXPECT_NEAR(wait, theory, 0.05 * theory) << "p = " << p;
    std::cout << "OQ p=" << p << ": wait " << wait << ", theory " << theory << "\n";
    EXPECT_NEAR(r["accepted_throughput"].get<double>(), p, 0.01) << "p = " << p;
  }
}

TEST(Validation, ZeroLoadLatencyEqualsTheSumOfItsParts) {
  struct Case {
    std::string config;
    std::vector<std::string> overrides;
    uint32_t bytes;
  };
  const std::vector<Case> cases = {
      {"default.yaml", {"workload.load=0.002"}, 256},
      {"default.yaml", {"workload.load=0.002", "fabric.clock=1.8GHz"}, 256},  // 27.8 B/cycle: 9.2 -> 10 cycles
      {"default.yaml", {"workload.load=0.002", "switch.latency=3cycles", "link.protocol=ideal", "link.latency=7cycles"}, 256},
      {"validation/output_queued_16.yaml", {"workload.load=0.002"}, 16},
  };
  for (const auto& c : cases) {
    FabricConfig config = load_fabric_config(config_path(c.config), c.overrides);
    const uint64_t expected = single_switch_zero_load_latency(config, c.bytes);
    json r = run_config(config_path(c.config), c.overrides);
    ASSERT_GT(r["network_latency"]["count"].get<uint64_t>(), 20u) << c.config;
    EXPECT_EQ(r["network_latency"]["min"].get<uint64_t>(), expected) << c.config << " " << c.overrides.back();
    EXPECT_EQ(r["network_latency"]["p50"].get<uint64_t>(), expected) << c.config << " " << c.overrides.back();
  }
}

TEST(Validation, CreditLoopLimitsThroughputToBufferOverRoundTrip) {
  // Permutation traffic (no output contention) at full load through a 1-cycle-per-cell link. A credit
  // returns 1 (serialization) + 10 (link) + 1 (switch) + 10 (credit) = 22 cycles after it was spent,
  // so B flits of input buffer carry at most B / 22 cells per cycle.
  const std::vector<std::string> base = {"workload.pattern=permutation", "link.latency=10cycles",
                                         "link.credit_latency=10cycles", "switch.latency=1cycles",
                                         "simulation.measure=20000cycles"};
  for (uint32_t flits : {4u, 11u, 22u, 30u}) {
    std::vector<std::string> o = base;
    o.push_back("switch.input_buffer=" + std::to_string(flits * 16) + "B");
    json r = run_config(config_path("validation/hol_fifo_16.yaml"), o);
    const double expected = std::min(1.0, flits / 22.0);
    EXPECT_NEAR(r["accepted_throughput"].get<double>(), expected, 0.005) << flits << " flits";
    std::cout << "credit loop " << flits << " flits: " << r["accepted_throughput"] << ", theory " << expected << "\n";
  }
}

TEST(Validation, BoundedSourceQueueRefusesInsteadOfGrowing) {
  json r = run_config(config_path("validation/hol_fifo_16.yaml"), {"endpoint.source_queue=4"});
  EXPECT_GT(r["packets_refused"].get<uint64_t>(), 0u);
  for (const auto& q : r["queues"]) {
    if (q["name"].get<std::string>().find("source_queue") != std::string::npos) {
      EXPECT_LE(q["max"].get<int>(), 4);
    }
  }
  EXPECT_NEAR(r["accepted_throughput"].get<double>(), 0.60, 0.015);  // the switch, not the source, limits
}

TEST(Validation, PatternsLoadTheLinksTheyShould) {
  // Bit complement: everything ep i sends goes down to ep 15-i.
  json r = run_config(config_path("default.yaml"), {"workload.pattern=bit_complement", "workload.load=0.3"});
  std::map<std::string, double> bytes;
  for (const auto& l : r["links"]) bytes[l["name"].get<std::string>()] = l["bytes"].get<double>();
  for (int i = 0; i < 16; ++i) {
    double up = bytes["ep" + std::to_string(i) + "_to_sw0"];
    double down = bytes["sw0_to_ep" + std::to_string(15 - i)];
    ASSERT_GT(up, 0);
    EXPECT_NEAR(down / up, 1.0, 0.02) << i;  // only packets straddling the window edges differ
  }
  // Hotspot: half the traffic to endpoint 0 saturates its downlink while the others stay light.
  r = run_config(config_path("default.yaml"),
                 {"workload.pattern=hotspot", "workload.hotspot.nodes=[0]", "workload.hotspot.fraction=0.5",
                  "workload.load=0.1"});
  bytes.clear();
  for (const auto& l : r["links"]) bytes[l["name"].get<std::string>()] = l["utilization"].get<double>();
  EXPECT_GT(bytes["sw0_to_ep0"], 0.7);  // 16 x 0.1 x (0.5 + 0.5/16) = 0.85 of the link
  EXPECT_LT(bytes["sw0_to_ep1"], 0.1);
}

TEST(Validation, SweepFindsTheHolSaturationThroughput) {
  SweepRequest request;
  request.config_path = config_path("validation/hol_fifo_16.yaml");
  request.overrides = {"simulation.measure=20000cycles", "simulation.drain_limit=5000cycles"};
  request.param = "workload.load";
  request.values = parse_sweep_values("0.3:0.9:0.2");
  request.jobs = 2;
  json sweep = run_sweep(request);
  ASSERT_EQ(sweep["points"].size(), 4u);
  EXPECT_FALSE(sweep["points"][0]["saturated"].get<bool>());
  EXPECT_FALSE(sweep["points"][1]["saturated"].get<bool>());
  EXPECT_TRUE(sweep["points"][2]["saturated"].get<bool>());
  EXPECT_EQ(sweep["saturation_point"], "0.7");
  EXPECT_NEAR(sweep["saturation_throughput"].get<double>(), 0.60, 0.015);
  // Below saturation the latency curve rises with load.
  EXPECT_LT(sweep["points"][0]["report"]["latency"]["mean"].get<double>(),
            sweep["points"][1]["report"]["latency"]["mean"].get<double>());
}

}  // namespace
}  // namespace snsim
