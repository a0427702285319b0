// snsim_bench: how fast the simulator runs the 16-port single-switch fabric (configs/bench/switch16.yaml)
// at offered loads 0.1, 0.5 and 0.9.
//
// SystemC elaborates one design per process, so every iteration forks a child (snsim::run_isolated) that
// builds and runs one simulation. The child times only run_simulation() (elaboration, warm-up, window,
// drain and the report) and returns that wall time inside the report; the iteration's time is set from
// it (UseManualTime), so fork, pipe and JSON transfer are not measured. The benchmark's "CPU" column is the
// parent's CPU time, which is only waiting: ignore it.
//
// Counters (rates use the sum of the children's wall times):
//   sim_cycles_per_s     simulated fabric cycles (report "cycles", warm-up + window + drain) per second
//   packets_per_s        delivered packets (report "packets_delivered") per second
//   flits_per_s          delivered payload flits (packets x mean packet bytes / flit bytes) per second
//   activations_per_s    component steps (report engine.component_activations) per second
//   ns_per_activation    wall nanoseconds per component step
//   cycles, packets, activations   per simulation (identical every iteration)
//   report_hash32        low 32 bits of std::hash of the report (without the wall time and the config file
//                        path); the label has all 64 bits. Differing reports between iterations of one
//                        case are an error.
#include <benchmark/benchmark.h>
#include <systemc>

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <string>

#include "models/fabric/fabric_config.h"
#include "models/sim/isolated_run.h"
#include "models/sim/simulation.h"

#ifndef SNSIM_BENCH_CONFIG
#define SNSIM_BENCH_CONFIG "configs/bench/switch16.yaml"
#endif

namespace {

using nlohmann::json;

constexpr const char* kWallKey = "bench_wall_seconds";

std::string config_path() {
  const char* env = std::getenv("SNSIM_BENCH_CONFIG");
  return env && *env ? env : SNSIM_BENCH_CONFIG;
}

// The report's identity: everything the simulation decided, nothing about this machine or checkout.
uint64_t report_hash(json report) {
  report.erase(kWallKey);
  if (report.contains("config")) report["config"].erase("file");
  return std::hash<std::string>{}(report.dump());
}

void bench_switch16(benchmark::State& state, const std::string& load) {
  snsim::FabricConfig config;
  try {
    config = snsim::load_fabric_config(config_path(), {"workload.load=" + load});
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  const double flits_per_packet = config.workload.mean_bytes() / config.fabric.flit_bytes;

  double wall = 0;
  uint64_t runs = 0, cycles = 0, packets = 0, activations = 0;
  uint64_t hash = 0;
  bool first = true;
  for (auto _ : state) {
    json report;
    try {
      report = snsim::run_isolated([&config] {
        const auto start = std::chrono::steady_clock::now();
        json r = snsim::run_simulation(config, snsim::RunOptions{false});
        r[kWallKey] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return r;
      });
    } catch (const std::exception& e) {
      state.SkipWithError(e.what());
      break;
    }
    const double seconds = report[kWallKey].get<double>();
    state.SetIterationTime(seconds);

    const uint64_t h = report_hash(report);
    const uint64_t c = report["cycles"].get<uint64_t>();
    const uint64_t p = report["packets_delivered"].get<uint64_t>();
    const uint64_t a = report["engine"]["component_activations"].get<uint64_t>();
    if (first) {
      hash = h;
      first = false;
    } else if (h != hash) {
      state.SkipWithError("nondeterministic: the report differs between iterations");
      break;
    }
    wall += seconds;
    ++runs;
    cycles += c;
    packets += p;
    activations += a;
  }
  if (runs == 0 || wall <= 0) return;

  state.counters["sim_cycles_per_s"] = double(cycles) / wall;
  state.counters["packets_per_s"] = double(packets) / wall;
  state.counters["flits_per_s"] = double(packets) * flits_per_packet / wall;
  state.counters["activations_per_s"] = double(activations) / wall;
  state.counters["ns_per_activation"] = activations ? wall * 1e9 / double(activations) : 0.0;
  state.counters["cycles"] = double(cycles / runs);
  state.counters["packets"] = double(packets / runs);
  state.counters["activations"] = double(activations / runs);
  state.counters["report_hash32"] = double(hash & 0xffffffffULL);
  char label[64];
  std::snprintf(label, sizeof label, "hash=%016" PRIx64, hash);
  state.SetLabel(label);
}

}  // namespace

// libsystemc.so provides main() and calls sc_main(). The parent never elaborates anything: each
// simulation runs in its own forked child.
int sc_main(int argc, char* argv[]) {
  for (const char* load : {"0.1", "0.5", "0.9"}) {
    benchmark::RegisterBenchmark((std::string("switch16/load:") + load).c_str(), bench_switch16, std::string(load))
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond)
        ->MinTime(2.0);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
