// snsim_bench: how fast snsim simulates, case by case (docs/performance.md).
//
// Every case is a config file plus --set overrides (the same strings `snsim run --set` takes) and a load.
// SystemC elaborates one design per process, so every iteration forks a child (snsim::run_isolated)
// that builds and runs one simulation and sends back its report with the wall times of building and of
// simulating (RunTimings) and its peak resident memory. The iteration's time is build + simulate
// (UseManualTime): fork, pipe and JSON transfer are not measured, and the "CPU" column is the parent's
// waiting time: ignore it.
//
// Time: the simulating part is measured both as wall time and as the child's CPU time. Rates divide by
// the CPU time (summed over the iterations): on a machine shared with other work it stays close to what
// an idle machine shows, where wall time does not; on an idle machine the two agree (the run is single-
// threaded), and the wall_s counter shows it.
//
// Counters:
//   sim_cycles_per_s       simulated fabric cycles (report "cycles": warm-up + window + drain) per second
//   router_cycles_per_s    routers (switches) x cycles per second; BookSim's "router-cycles"
//   port_cycles_per_s      switch input ports x cycles per second
//   packets_per_s          delivered packets per second
//   flit_hops_per_s        payload flits carried over links (sum over every link of bytes / flit) per second
//   activations_per_s      component steps (report engine.component_activations) per second
//   ns_per_activation      wall nanoseconds per component step
//   build_s                wall seconds to build the fabric and finish elaboration (mean per iteration)
//   run_wall_s, run_cpu_s  wall and CPU seconds of simulating (mean per iteration)
//   peak_rss_mib           resident memory the simulation added at its peak (the child's high-water mark
//                          minus its resident size at the start; max over iterations)
//   cycles, packets, activations, routers, ports   per simulation (identical in every iteration)
//   report_hash32          low 32 bits of the report's hash (without the config file path); the label has
//                          all 64. Differing reports between iterations of one case are an error.
#include <benchmark/benchmark.h>
#include <systemc>

#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "models/fabric/fabric_config.h"
#include "models/sim/isolated_run.h"
#include "models/sim/report_hash.h"
#include "models/sim/simulation.h"

#ifndef SNSIM_SOURCE_DIR
#define SNSIM_SOURCE_DIR "."
#endif

namespace {

using nlohmann::json;

constexpr const char* kBench = "bench";  // the child's measurements, removed before hashing

struct Case {
  std::string name;
  std::string config;                  // relative to the source tree
  std::vector<std::string> overrides;  // --set strings
  std::vector<std::string> loads;
  int repetitions = 0;                 // 0: the command line's --benchmark_repetitions
};

// The suite. Issue #8 lists the cases; docs/performance.md explains each one's settings.
std::vector<Case> cases() {
  const std::string booksim = "configs/bench/mesh88_booksim.yaml";
  const std::vector<std::string> torus = {"fabric.topology=torus"};
  std::vector<Case> list = {
      {"switch16", "configs/bench/switch16.yaml", {}, {"0.1", "0.5", "0.9"}},
      {"switch64", "configs/bench/switch16.yaml", {"fabric.name=bench-switch-64", "fabric.endpoints=64"},
       {"0.1", "0.5", "0.9"}},
      {"mesh8x8", booksim, {}, {"0.05", "0.1", "0.2", "0.35"}},
      {"torus8x8", booksim, {"fabric.name=bench-torus-8x8", "fabric.topology=torus"}, {"0.05", "0.1", "0.2", "0.4"}},
      {"mesh32x32", booksim,
       {"fabric.name=bench-mesh-32x32", "fabric.endpoints=1024", "topology.dims=[32,32]", "simulation.measure=5000cycles"},
       {"0.05"}, 1},
      {"torus16x16x16", "configs/presets/large/torus_16x16x16_ocs.yaml", {}, {"0.1"}, 1},
  };
  // Build cost of the fabric graph: two-tier Clos fabrics of 1,024 to 16,384 endpoints (radix 64 to 256),
  // the build_s and peak_rss_mib counters; nearly nothing is simulated.
  for (const auto& [endpoints, radix] : std::vector<std::pair<int, int>>{{1024, 64}, {4096, 128}, {16384, 256}}) {
    list.push_back({"build/clos" + std::to_string(endpoints), "configs/bench/clos_build.yaml",
                    {"fabric.endpoints=" + std::to_string(endpoints), "topology.radix=" + std::to_string(radix)},
                    {"0.001"}, 1});
  }
  // Endpoint scaling at a fixed load: k x k tori of the BookSim-like router, 16 to 4096 endpoints.
  for (int k : {4, 8, 16, 32, 64}) {
    const std::string ks = std::to_string(k);
    list.push_back({"scaling/torus" + ks + "x" + ks, booksim,
                    {"fabric.name=bench-torus-" + ks, "fabric.topology=torus", "fabric.endpoints=" + std::to_string(k * k),
                     "topology.dims=[" + ks + "," + ks + "]", "simulation.measure=4000cycles"},
                    {"0.1"}, k >= 32 ? 1 : 0});
  }
  return list;
}

// A line "<key>: <n> kB" of /proc/self/status, in MiB (0 if absent).
double proc_status_mib(const std::string& key) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.compare(0, key.size() + 1, key + ":") == 0) return std::stod(line.substr(key.size() + 1)) / 1024.0;
  }
  return 0;
}

// A forked child starts with the parent's resident pages in its own count. Resetting the high-water
// mark (Linux: "5" into clear_refs) at the start of the run and subtracting the resident size there
// leaves what the simulation itself added.
double start_memory_measurement() {
  std::ofstream("/proc/self/clear_refs") << "5";
  return proc_status_mib("VmRSS");
}

void run_case(benchmark::State& state, const Case& c, const std::string& load) {
  snsim::FabricConfig config;
  try {
    std::vector<std::string> overrides = c.overrides;
    overrides.push_back("workload.load=" + load);
    config = snsim::load_fabric_config(std::string(SNSIM_SOURCE_DIR) + "/" + c.config, overrides);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  uint64_t routers = 0;

  double run_wall = 0, run_cpu = 0, build_wall = 0, rss = 0;
  uint64_t runs = 0, cycles = 0, packets = 0, activations = 0, ports = 0;
  double flit_hops = 0;
  uint64_t hash = 0;
  for (auto _ : state) {
    json report;
    try {
      report = snsim::run_isolated([&config] {
        snsim::RunTimings timings;
        const double rss_at_start = start_memory_measurement();
        snsim::RunOptions options(false);
        options.timings = &timings;
        json r = snsim::run_simulation(config, options);
        r[kBench] = {{"build", timings.build_seconds},
                     {"run", timings.run_seconds},
                     {"cpu", timings.run_cpu_seconds},
                     {"rss", proc_status_mib("VmHWM") - rss_at_start}};
        return r;
      });
    } catch (const std::exception& e) {
      state.SkipWithError(e.what());
      break;
    }
    const json measured = report[kBench];
    report.erase(kBench);
    state.SetIterationTime(measured["build"].get<double>() + measured["run"].get<double>());

    const uint64_t h = snsim::report_hash(report);
    if (runs > 0 && h != hash) {
      state.SkipWithError("nondeterministic: the report differs between iterations");
      break;
    }
    hash = h;
    run_wall += measured["run"].get<double>();
    run_cpu += measured["cpu"].get<double>();
    build_wall += measured["build"].get<double>();
    rss = std::max(rss, measured["rss"].get<double>());
    ++runs;
    cycles += report["cycles"].get<uint64_t>();
    packets += report["packets_delivered"].get<uint64_t>();
    activations += report["engine"]["component_activations"].get<uint64_t>();
    // Every link ends at an endpoint port or at a switch input port: the latter are the ports.
    const json& fabric = report["fabric"];
    routers = fabric["switches"].get<uint64_t>() + fabric["routers"].get<uint64_t>();
    ports = report["links"].size() - config.fabric.endpoints * fabric["ports_per_endpoint"].get<uint64_t>();
    for (const json& link : report["links"]) {
      flit_hops += link["bytes"].get<double>() / config.fabric.flit_bytes;
    }
  }
  if (runs == 0 || run_cpu <= 0) return;

  state.counters["sim_cycles_per_s"] = double(cycles) / run_cpu;
  state.counters["router_cycles_per_s"] = double(cycles) * double(routers) / run_cpu;
  state.counters["port_cycles_per_s"] = double(cycles) * double(ports) / run_cpu;
  state.counters["packets_per_s"] = double(packets) / run_cpu;
  state.counters["flit_hops_per_s"] = flit_hops / run_cpu;
  state.counters["activations_per_s"] = double(activations) / run_cpu;
  state.counters["ns_per_activation"] = activations ? run_cpu * 1e9 / double(activations) : 0.0;
  state.counters["build_s"] = build_wall / double(runs);
  state.counters["run_wall_s"] = run_wall / double(runs);
  state.counters["run_cpu_s"] = run_cpu / double(runs);
  state.counters["peak_rss_mib"] = rss;
  state.counters["cycles"] = double(cycles / runs);
  state.counters["packets"] = double(packets / runs);
  state.counters["activations"] = double(activations / runs);
  state.counters["routers"] = double(routers);
  state.counters["ports"] = double(ports);
  state.counters["report_hash32"] = double(hash & 0xffffffffULL);
  char label[64];
  std::snprintf(label, sizeof label, "hash=%016" PRIx64, hash);
  state.SetLabel(label);
}

}  // namespace

// libsystemc.so provides main() and calls sc_main(). The parent never elaborates anything: each
// simulation runs in its own forked child.
int sc_main(int argc, char* argv[]) {
  static const std::vector<Case> suite = cases();
  for (const Case& c : suite) {
    for (const std::string& load : c.loads) {
      auto* b = benchmark::RegisterBenchmark((c.name + "/load:" + load).c_str(), run_case, c, load)
                    ->UseManualTime()
                    ->Unit(benchmark::kMillisecond);
      if (c.repetitions > 0) {
        b->Repetitions(c.repetitions)->Iterations(1);  // large cases: one run is long enough
      } else {
        b->MinTime(1.0);
      }
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
