#include "models/hbm/hbm_run.h"

#include "models/hbm/hbm_controller.h"

namespace snsim::hbm {
namespace {

nlohmann::json latency_json(const LatencyHistogram& h) {
  return {{"count", h.count()},         {"mean", h.mean()},
          {"min", h.min()},             {"p50", h.percentile(0.5)},
          {"p99", h.percentile(0.99)},  {"max", h.max()}};
}

}  // namespace

nlohmann::json describe_hbm(const HbmConfig& cfg) {
  const HbmOrganization& o = cfg.org;
  nlohmann::json timing = nlohmann::json::object();
  for (const auto& [k, v] : timing_table(cfg.timing)) timing[k] = v;
  return {
      {"name", o.name},
      {"standard", o.standard},
      {"clock_hz", o.clock_hz},
      {"pin_rate_gbps", o.pin_rate_bps() / 1e9},
      {"interface_bits", o.interface_bits()},
      {"stacks", o.stacks},
      {"channels", o.channels},
      {"pseudo_channels", o.pseudo_channels},
      {"banks_per_pc", o.banks_per_pc()},
      {"burst_bytes", o.burst_bytes()},
      {"burst_cycles", o.burst_cycles()},
      {"capacity_bytes", o.capacity_bytes()},
      {"peak_gbytes_per_second", o.peak_bytes_per_second() / 1e9},
      {"peak_bytes_per_cycle", o.peak_bytes_per_cycle()},
      {"mapping", cfg.mapping.describe()},
      {"scheduler", to_string(cfg.controller.scheduler)},
      {"page_policy", to_string(cfg.controller.page_policy)},
      {"refresh", to_string(cfg.controller.refresh)},
      {"timing_cycles", timing},
  };
}

nlohmann::json run_hbm(const HbmConfig& cfg, const HbmDriverParams& driver_params, const HbmRunOptions& options) {
  ClockDomain domain("hbm_clock", cfg.org.clock_hz);
  HbmController controller("hbm", domain, cfg);
  HbmDriver driver("driver", domain, driver_params, cfg.mapping.capacity());
  driver.socket.bind(controller.socket);
  std::unique_ptr<TimingChecker> reference;
  if (options.reference_timing) {
    reference = std::make_unique<TimingChecker>(cfg.org, *options.reference_timing,
                                                TimingChecker::options_from(cfg.controller));
    controller.add_observer(reference.get());
  }
  const uint64_t begin = options.warmup, end = options.warmup + options.measure;
  const Window window{begin, end};
  controller.set_latency_window(window);
  driver.set_window(window);
  if (driver_params.pattern != Pattern::Script) driver.stop_at(end);

  auto run_until = [&](uint64_t cycle) {
    const sc_core::sc_time target = domain.time_of(cycle);
    if (target > sc_core::sc_time_stamp()) sc_core::sc_start(target - sc_core::sc_time_stamp());
  };
  sc_core::sc_start(sc_core::SC_ZERO_TIME);
  controller.start();
  driver.start();
  run_until(begin);
  const HbmCounters at_begin = controller.counters(begin);
  run_until(end);
  const HbmCounters at_end = controller.counters(end);
  uint64_t now = end;
  while (driver.outstanding() > 0 && now < end + options.drain_limit) {
    now += 1000;
    run_until(now);
  }
  const bool drained = driver.outstanding() == 0;
  const HbmCounters total = controller.counters(now);
  if (controller.checker()) controller.checker()->finish(now);
  if (reference) reference->finish(now);

  const HbmOrganization& o = cfg.org;
  const double bytes_per_cycle = static_cast<double>(driver.bytes_in_window()) / static_cast<double>(options.measure);
  auto memory = [&](const HbmCounters& c) {
    return counters_json(c, o.total_pcs(), o.banks_per_pc(), o.burst_cycles(), o.burst_bytes(), o.clock_hz);
  };
  nlohmann::json report = {
      {"hbm", describe_hbm(cfg)},
      {"window", {{"begin", begin}, {"end", end}}},
      {"throughput",
       {{"bytes_per_cycle", bytes_per_cycle},
        {"gbytes_per_second", bytes_per_cycle * o.clock_hz / 1e9},
        {"fraction_of_peak", bytes_per_cycle / o.peak_bytes_per_cycle()}}},
      {"latency",
       {{"read", latency_json(driver.read_latency())},
        {"write", latency_json(driver.write_latency())},
        {"controller_read", latency_json(controller.read_latency())},
        {"controller_write", latency_json(controller.write_latency())}}},
      {"driver",
       {{"issued", driver.issued()},
        {"completed", driver.completed()},
        {"errors", driver.errors()},
        {"outstanding_at_end", driver.outstanding()},
        {"drained", drained}}},
      {"memory", memory(at_end - at_begin)},
      {"memory_total", memory(total)},
      {"channel_bytes", controller.channel_bytes()},
      {"engine",
       {{"component_activations", domain.activations()}, {"busy_cycles", domain.busy_cycles()}, {"cycles", now}}},
  };
  if (controller.checker()) report["checker"] = controller.checker()->report();
  if (reference) report["reference_checker"] = reference->report();
  if (driver_params.pattern == Pattern::Script) report["script_latencies"] = driver.script_latencies();
  return report;
}

}  // namespace snsim::hbm
