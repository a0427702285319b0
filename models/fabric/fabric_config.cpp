#include "models/fabric/fabric_config.h"

#include <cmath>
#include <sstream>

namespace snsim {
namespace {

std::string fmt(double v) {
  std::ostringstream out;
  out.precision(6);
  out << v;
  return out.str();
}

}  // namespace

const Schema& fabric_schema() {
  static const Schema schema{
      "fabric",
      "What the fabric is: its topology, size, reference clock, virtual channels and flit size.",
      {
          {"name", ParamKind::Text, "unnamed", 0, 0, {}, false, "Name shown in reports", "-"},
          {"topology", ParamKind::Choice, "single_switch", 0, 0, {"single_switch"}, false,
           "Topology built by the fabric builder (more arrive with the switch-less and preset issues)",
           "single_switch: every endpoint on one crossbar, as an NVL72 GPU sees each switch chip (facts 1.4)"},
          {"endpoints", ParamKind::Integer, "", 1, 65536, {}, false, "Number of accelerator endpoints",
           "required"},
          {"clock", ParamKind::Frequency, "1GHz", 1e6, 1e11, {}, false,
           "Reference clock of the fabric; every report is in its cycles",
           "Modelling convention: 1 GHz makes a cycle read as 1 ns"},
          {"vcs", ParamKind::Integer, "1", 1, 16, {}, false, "Virtual channels per link",
           "NVLink uses several VCs; the count is not public (facts 1.2)"},
          {"flit", ParamKind::Size, "16B", 1, 4096, {}, false,
           "Flow-control unit: buffers and credits are counted in flits",
           "NVLink flit, 128 bit = 16 B (Pascal whitepaper; facts 1.2)"},
      },
      {}};
  return schema;
}

const Schema& simulation_schema() {
  static const Schema schema{
      "simulation",
      "Run control: seed, warm-up, measurement window and drain.",
      {
          {"seed", ParamKind::Integer, "1", 0, 9.2e18, {}, false,
           "Seed of every random stream (each component derives its own from it)", "-"},
          {"warmup", ParamKind::Time, "2000cycles", 0, 1e12, {}, false,
           "Cycles simulated before measurement starts",
           "Long enough for queues to reach steady state below saturation (BookSim 2 uses a similar warm-up)"},
          {"measure", ParamKind::Time, "10000cycles", 1, 1e12, {}, false,
           "Length of the measurement window; packets created in it are the measured set", "-"},
          {"drain", ParamKind::Choice, "measured", 0, 0, {"measured", "all"}, false,
           "After the window: measured = keep the load on until every measured packet is delivered; "
           "all = stop generating and deliver every packet (conservation check)",
           "Dally and Towles 2004, sec. 24.1 (measured set and drain)"},
          {"drain_limit", ParamKind::Time, "100000cycles", 0, 1e12, {}, false,
           "Longest drain after the window; a run that hits it is reported as not drained (saturated)",
           "-"},
      },
      {}};
  return schema;
}

std::vector<const Schema*> all_schemas() {
  return {&fabric_schema(), &simulation_schema(), &workload_schema(), &endpoint_schema(), &link_schema(),
          &switch_schema()};
}

FabricConfig load_fabric_config(const std::string& path, const std::vector<std::string>& overrides,
                                std::optional<uint64_t> seed) {
  auto doc = ConfigDocument::load_file(path);
  for (const auto& o : overrides) doc->apply_override(o);
  return read_fabric_config(doc, seed);
}

FabricConfig read_fabric_config(std::shared_ptr<ConfigDocument> document, std::optional<uint64_t> seed) {
  FabricConfig cfg;
  cfg.document = document;
  ConfigSection root = document->root();

  ConfigSection fabric = root.section("fabric");
  ParamValues fv = read_params(fabric, fabric_schema(), 1e9);
  fabric.finish();
  cfg.fabric.name = fv.text("name");
  cfg.fabric.topology = fv.text("topology");
  cfg.fabric.clock_hz = fv.number("clock");
  cfg.fabric.endpoints = static_cast<uint32_t>(fv.whole("endpoints"));
  cfg.fabric.vcs = static_cast<uint32_t>(fv.whole("vcs"));
  cfg.fabric.flit_bytes = static_cast<uint32_t>(fv.whole("flit"));
  const double clock = cfg.fabric.clock_hz;

  ConfigSection sim = root.section("simulation");
  ParamValues sv = read_params(sim, simulation_schema(), clock);
  sim.finish();
  cfg.simulation.seed = seed ? *seed : static_cast<uint64_t>(sv.number("seed"));
  cfg.simulation.warmup = sv.whole("warmup");
  cfg.simulation.measure = sv.whole("measure");
  cfg.simulation.drain_all = sv.text("drain") == "all";
  cfg.simulation.drain_limit = sv.whole("drain_limit");

  ConfigSection link = root.section("link");
  cfg.link = read_link_params(link, clock);

  ConfigSection ep = root.section("endpoint");
  ParamValues ev = read_params(ep, endpoint_schema(), clock);
  ep.finish();
  cfg.endpoint = endpoint_params_from(ev);

  ConfigSection sw = root.section("switch");
  ParamValues swv = read_params(sw, switch_schema(), clock);
  sw.finish();
  cfg.switch_params = switch_params_from(swv);

  cfg.workload = read_workload(root.section("workload"), cfg.fabric.endpoints, cfg.fabric.vcs, cfg.simulation.seed);
  root.finish();

  // Constraints that involve more than one key.
  SwitchParams& s = cfg.switch_params;
  if (s.ports == 0) s.ports = cfg.fabric.endpoints;
  if (s.ports < cfg.fabric.endpoints) {
    sw.fail("ports", std::to_string(s.ports) + " ports cannot connect fabric.endpoints = " +
                         std::to_string(cfg.fabric.endpoints) + " on a single switch (need >= " +
                         std::to_string(cfg.fabric.endpoints) + ", or auto for one per endpoint)");
  }
  if (s.arbitration == Arbitration::Islip && s.input_queueing != InputQueueing::Voq) {
    sw.fail("arbiter", "islip matches inputs to outputs over virtual output queues; set input_queue: voq "
                       "or choose round_robin / random");
  }
  if (s.arbitration == Arbitration::Islip && s.output_queued) {
    sw.fail("arbiter", "islip schedules an unbuffered crossbar; with output_queue: true choose round_robin or random");
  }
  if (s.speedup > 1 && !s.output_queued) {
    sw.fail("speedup", "a speed-up needs somewhere to put the extra packets; set output_queue: true");
  }
  const uint32_t flit = cfg.fabric.flit_bytes;
  const uint32_t max_flits = (cfg.link.profile.buffer_bytes(cfg.workload.max_bytes()) + flit - 1) / flit;
  auto check_buffer = [&](const ConfigSection& section, const std::string& key, double bytes) {
    uint64_t flits = static_cast<uint64_t>(bytes / flit);
    if (flits < max_flits) {
      section.fail(key, fmt(bytes) + " B holds " + std::to_string(flits) + " flits of " + std::to_string(flit) +
                            " B, less than the largest packet (" + std::to_string(max_flits) +
                            " flits): it could never be sent; use at least " + std::to_string(max_flits * flit) + "B");
    }
  };
  check_buffer(sw, "input_buffer", double(s.input_buffer_bytes));
  if (s.output_queued && !std::isinf(s.output_buffer_bytes)) check_buffer(sw, "output_buffer", s.output_buffer_bytes);
  check_buffer(ep, "receive_buffer", double(cfg.endpoint.receive_buffer_bytes));

  if (cfg.link.flow_control.mode == FlowControlMode::Pause) {
    // Everything that can still arrive after the receiver sends PAUSE: what is on the wire and in the
    // sender's pipeline, the PAUSE's flight, the sender's reaction, the frame in progress, and one more
    // packet of rounding. The space above XOFF must hold it, or a packet would be dropped.
    const LinkParams& l = cfg.link;
    const double cycles = double(l.latency + l.credit_latency + l.flow_control.pause_reaction) +
                          2.0 * double(l.serialization_cycles(cfg.workload.max_bytes()));
    const uint32_t headroom = static_cast<uint32_t>(std::ceil(cycles * l.bytes_per_cycle / flit)) + max_flits;
    auto pause_thresholds = [&](const ConfigSection& section, const std::string& key, uint64_t bytes,
                                PauseThresholds& out) {
      const uint32_t capacity = static_cast<uint32_t>(bytes / flit);
      if (capacity < headroom + 2 * max_flits) {
        section.fail(key, std::to_string(bytes) + " B is too small for pause flow control: the headroom above "
                          "XOFF must hold " + std::to_string(headroom) + " flits (link round trip, pause "
                          "reaction, frames in flight), plus room to fill before pausing; use at least " +
                          std::to_string((headroom + 2 * max_flits) * flit) + "B");
      }
      out.xoff = capacity - headroom;
      out.xon = out.xoff - max_flits;
    };
    pause_thresholds(sw, "input_buffer", s.input_buffer_bytes, cfg.switch_pause);
    pause_thresholds(ep, "receive_buffer", cfg.endpoint.receive_buffer_bytes, cfg.endpoint_pause);
  }

  // Load is a fraction of the link's data rate in payload bytes; framing then costs extra wire time.
  const double rate = cfg.workload.load * cfg.link.bytes_per_cycle / cfg.workload.mean_bytes();
  if (rate > 1.0 + 1e-12) {
    ConfigSection wl = root.section("workload");
    wl.fail("load", fmt(cfg.workload.load) + " of " + fmt(cfg.link.bytes_per_cycle) + " B/cycle with " +
                        fmt(cfg.workload.mean_bytes()) + " B packets needs " + fmt(rate) +
                        " packets per cycle; an endpoint makes at most one per cycle, so the highest load "
                        "here is " + fmt(cfg.workload.mean_bytes() / cfg.link.bytes_per_cycle) +
                        " (use larger packets or a lower load)");
  }
  return cfg;
}

}  // namespace snsim
