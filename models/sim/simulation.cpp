#include "models/sim/simulation.h"

#include <chrono>
#include <ctime>
#include <cstdio>
#include <iostream>

#include "models/fabric/fabric.h"
#include "models/fabric/switch_capture.h"
#include "models/sim/report.h"
#include "models/stats/fabric_stats.h"

namespace snsim {
namespace {

// Ends the run: after the window, waits for the measured set (or everything) to be delivered, bounded
// by the drain limit, then stops the kernel. Also prints the progress line.
class RunController : public sc_core::sc_module {
 public:
  RunController(const sc_core::sc_module_name& name, Fabric& fabric, FabricStats& stats,
                const SimulationSettings& settings, bool progress)
      : sc_core::sc_module(name), clock_(fabric.domain()), fabric_(fabric), stats_(stats), settings_(settings),
        progress_(progress) {
    SC_HAS_PROCESS(RunController);
    SC_THREAD(control);
    if (progress_) SC_THREAD(report_progress);
    if (settings_.watchdog) SC_THREAD(watch);
    started_ = std::chrono::steady_clock::now();
  }

  uint64_t end_cycle = 0;
  bool drained = false;
  nlohmann::json deadlock = nullptr;

 private:
  // No delivery for a whole watchdog period while packets are in the network: stop and describe why,
  // instead of running (or hanging) to the drain limit.
  void watch() {
    uint64_t last_delivered = stats_.delivered;
    for (uint64_t cycle = settings_.watchdog;; cycle += settings_.watchdog) {
      wait(clock_.time_of(cycle) - sc_core::sc_time_stamp());
      const bool in_flight = stats_.injected > stats_.delivered;
      if (in_flight && stats_.delivered == last_delivered && !fabric_.held_traffic_since(cycle - settings_.watchdog)) {
        deadlock = {{"detected_at_cycle", cycle},
                    {"packets_in_flight", stats_.injected - stats_.delivered},
                    {"no_delivery_for_cycles", settings_.watchdog},
                    {"wait_for_cycle", fabric_.wait_for_cycle(cycle)}};
        end_cycle = cycle;
        if (printed_) std::fprintf(stderr, "\n");
        sc_core::sc_stop();
        return;
      }
      last_delivered = stats_.delivered;
    }
  }

  void control() {
    const Window& w = stats_.window();
    wait(clock_.time_of(w.end));
    const sc_core::sc_time limit = clock_.time_of(w.end + settings_.drain_limit);
    if (settings_.drain_all) {
      stats_.generation_closed = true;
      while (!stats_.all_done() && sc_core::sc_time_stamp() < limit) {
        wait(limit - sc_core::sc_time_stamp(), stats_.all_drained);
      }
      drained = stats_.all_done();
    } else {
      while (!stats_.measured_done() && sc_core::sc_time_stamp() < limit) {
        wait(limit - sc_core::sc_time_stamp(), stats_.measured_drained);
      }
      drained = stats_.measured_done();
    }
    // Deliveries are recorded when the last link hands the packet over; let its tail actually arrive.
    if (drained && clock_.time_of(stats_.last_arrival) > sc_core::sc_time_stamp()) {
      wait(clock_.time_of(stats_.last_arrival) - sc_core::sc_time_stamp());
    }
    end_cycle = clock_.cycle_at_or_after(sc_core::sc_time_stamp());
    if (printed_) std::fprintf(stderr, "\n");
    sc_core::sc_stop();
  }

  void report_progress() {
    const uint64_t step = 1 << 14;
    const uint64_t target = stats_.window().end;
    for (uint64_t cycle = step;; cycle += step) {
      wait(clock_.time_of(cycle) - sc_core::sc_time_stamp());
      double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
      if (elapsed < 3.0) continue;
      printed_ = true;
      if (cycle <= target) {
        std::fprintf(stderr, "\r[snsim] cycle %llu of %llu (%.0f%%), %.1f s, %llu packets delivered   ",
                     (unsigned long long)cycle, (unsigned long long)target, 100.0 * cycle / target, elapsed,
                     (unsigned long long)stats_.delivered);
      } else {
        std::fprintf(stderr, "\r[snsim] draining: cycle %llu, %llu of %llu measured packets delivered, %.1f s   ",
                     (unsigned long long)cycle, (unsigned long long)stats_.measured_delivered,
                     (unsigned long long)stats_.measured_created, elapsed);
      }
      std::fflush(stderr);
    }
  }

  ClockDomain& clock_;
  Fabric& fabric_;
  FabricStats& stats_;
  SimulationSettings settings_;
  bool progress_;
  bool printed_ = false;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace

nlohmann::json run_simulation(const FabricConfig& config, const RunOptions& options) {
  // sc_stop() is how every run ends; its info message is noise.
  sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
  const SimulationSettings& s = config.simulation;
  Window window{s.warmup, s.warmup + s.measure};
  std::unique_ptr<WaveformRecorder> recorder;
  if (options.trace.enabled()) {
    // The clock domain's period, as ClockDomain computes it.
    const uint64_t period = sc_core::sc_time(1.0 / config.fabric.clock_hz, sc_core::SC_SEC).value();
    recorder = std::make_unique<WaveformRecorder>(options.trace, period);
  }
  using Clock = std::chrono::steady_clock;
  const Clock::time_point build_start = Clock::now();
  FabricStats stats(window, config.fabric.endpoints);
  stats.set_trace_directory(recorder.get());
  // Set before the build: the builder wraps the switch it makes in the capturing pass-through.
  std::unique_ptr<SwitchCaptureSession> capture;
  if (!options.capture_switch.empty()) capture = std::make_unique<SwitchCaptureSession>(options.capture_switch, config);
  stats.set_switch_tap(capture.get());
  std::unique_ptr<Fabric> fabric = build_fabric(config, stats);
  if (recorder) {
    recorder->check_selection();
    recorder->trace_input_vcs();
    recorder->open_files();
  }
  RunController controller("run_controller", *fabric, stats, s, options.progress);

  sc_core::sc_start(sc_core::SC_ZERO_TIME);  // finish elaboration before scheduling the first packets
  fabric->start();
  const Clock::time_point run_start = Clock::now();
  const std::clock_t cpu_start = std::clock();
  sc_core::sc_start();
  if (options.timings) {
    options.timings->build_seconds = std::chrono::duration<double>(run_start - build_start).count();
    options.timings->run_seconds = std::chrono::duration<double>(Clock::now() - run_start).count();
    options.timings->run_cpu_seconds = double(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  }

  fabric->finish();
  stats.finish();
  if (capture) capture->finish(controller.end_cycle);
  if (recorder) {
    for (const auto& warning : recorder->finish(controller.end_cycle)) std::cerr << "snsim: warning: " << warning << "\n";
  }

  RunFacts facts;
  facts.end_cycle = controller.end_cycle;
  facts.drained = controller.drained;
  facts.activations = fabric->domain().activations();
  facts.busy_cycles = fabric->domain().busy_cycles();
  facts.payloads_allocated = fabric->payloads_allocated();
  facts.deadlock = controller.deadlock;
  facts.fabric = fabric->fabric_report();
  facts.ports_per_endpoint = fabric->ports_per_endpoint();
  return make_report(config, stats, facts);
}

}  // namespace snsim
