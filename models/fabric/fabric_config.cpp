#include "models/fabric/fabric_config.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "models/core/units.h"
#include "models/fabric/switch_impl.h"
#include "models/graph/topology_registry.h"

namespace snsim {
namespace {

std::string format_number6(double v) { return format_number(v, 6); }

// The `hbm` section, with `hbm.profile` (a profile file, e.g. ../hbm/hbm3.yml, relative to this config)
// filling in every key the section does not set itself.
ConfigSection hbm_section_with_profile(ConfigDocument& document) {
  ConfigSection hbm = document.root().section("hbm");
  if (!hbm.has("profile")) return hbm;
  const std::string relative = hbm.scalar("profile");
  std::filesystem::path path(relative);
  if (path.is_relative()) path = std::filesystem::path(document.name()).parent_path() / path;
  std::shared_ptr<ConfigDocument> profile;
  try {
    profile = ConfigDocument::load_file(path.string());
  } catch (const ConfigError& e) {
    hbm.fail("profile", std::string(e.what()) + " (a profile path is relative to this configuration's directory)");
  }
  ConfigSection top = profile->root();
  if (!top.has("hbm")) top.fail_self("an HBM profile holds one section, 'hbm'");
  top.declare("hbm");
  top.finish();
  document.import_defaults("hbm", *profile, top.raw("hbm"));
  ConfigSection merged = document.root().section("hbm");
  merged.declare("profile");
  return merged;
}

// `link_classes` and `switch_classes`: named variants of the `link` and `switch` sections that the
// topology's edges and switches refer to (e.g. optical uplinks, a spine switch with deeper buffers). A
// class sets only what differs: the rest comes from the `link` / `switch` section. A link class that
// names its own protocol starts from that protocol's defaults instead, since the keys of one protocol
// do not apply to another.
void read_classes(const ConfigSection& root, FabricConfig& cfg) {
  ConfigDocument& document = const_cast<ConfigDocument&>(root.document());
  const double clock = cfg.fabric.clock_hz;
  auto each_class = [&](const std::string& key, auto&& read_one) {
    ConfigSection classes = root.section(key);
    if (!classes.node().IsDefined() || classes.node().IsNull()) return;
    for (const auto& entry : classes.node()) {
      const std::string name = entry.first.as<std::string>();
      if (name.empty() || name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
        classes.fail(name, "a class name is lower-case letters, digits and _");
      }
      if (!entry.second.IsMap()) classes.fail(name, "a class is a map of keys of the section it varies");
      read_one(classes, name);
    }
    classes.finish();
  };
  each_class("link_classes", [&](const ConfigSection& classes, const std::string& name) {
    if (!classes.section(name).has("protocol") && root.has("link")) {
      document.import_defaults(classes.key_path(name), document, root.raw("link"));
    }
    const ConfigSection section = classes.section(name);
    LinkParams params = read_link_params(section, clock);
    if (params.flow_control.mode != cfg.link.flow_control.mode) {
      section.fail("flow_control", "every link class uses the link section's flow control mode for now (switch "
                                   "buffers' pause thresholds are derived from it)");
    }
    cfg.link_classes[name] = std::move(params);
  });
  each_class("switch_classes", [&](const ConfigSection& classes, const std::string& name) {
    if (root.has("switch")) document.import_defaults(classes.key_path(name), document, root.raw("switch"));
    const ConfigSection section = classes.section(name);
    ParamValues values = read_params(section, switch_schema(), clock);
    section.finish();
    cfg.switch_classes[name] = switch_params_from(values);
    cfg.switch_class_sections.emplace(name, section);
  });
}

}  // namespace

const Schema& fabric_schema() {
  static const Schema schema{
      "fabric",
      "What the fabric is: its topology, size, reference clock, virtual channels and flit size.",
      {
          {"name", ParamKind::Text, "unnamed", 0, 0, {}, false, "Name shown in reports", "-"},
          {"topology", ParamKind::Choice, "single_switch", 0, 0, topology_names(), false,
           "The topology generator that describes the fabric as a graph; its keys are the `topology` section "
           "(`snsim list` shows each kind with its keys)",
           "single_switch as an NVL72 GPU sees each switch chip (facts 1.4); torus and OCS-stitched tori as in "
           "TPU pods, n-D full mesh as in UB-Mesh (facts 4)"},
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
          {"watchdog", ParamKind::Time, "20000cycles", 0, 1e12, {}, false,
           "Cycles with packets in flight and no delivery after which the run stops and reports the cycle "
           "of waiting buffers (deadlock); 0 turns it off",
           "Far longer than any packet's zero-load latency in the shipped fabrics"},
      },
      {}};
  return schema;
}

std::vector<const Schema*> all_schemas() {
  std::vector<const Schema*> all = {&fabric_schema(), &simulation_schema()};
  // Each topology kind's section, once (the direct kinds share theirs).
  for (const TopologyGenerator* g : topology_generators()) {
    const Schema* schema = g->schema ? g->schema() : nullptr;
    if (schema && std::find(all.begin(), all.end(), schema) == all.end()) all.push_back(schema);
  }
  for (const Schema* s : {&workload_schema(), &memory_workload_schema(), &endpoint_schema(), &link_schema(),
                          &switch_schema()}) {
    all.push_back(s);
  }
  for (const Schema* s : hbm::hbm_schemas()) all.push_back(s);
  return all;
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
  cfg.simulation.watchdog = sv.whole("watchdog");

  ConfigSection topo = root.section("topology");
  TopologySettings& t = cfg.topology;
  t.kind_name = cfg.fabric.topology;
  t.generator = find_topology(t.kind_name);  // the schema's choices are the registered names
  t.generator->read(topo, fabric, cfg);

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
  read_classes(root, cfg);

  cfg.workload = read_workload(root.section("workload"), cfg.fabric.endpoints, cfg.fabric.vcs, cfg.simulation.seed,
                               cfg.link.profile.framing == Framing::Ideal);
  const MemoryWorkload& memory = cfg.workload.memory;
  if (memory.enabled) {
    if (!root.has("hbm")) {
      root.fail_self("a memory workload needs the 'hbm' section: every accelerator's HBM stack (copy one of "
                     "configs/hbm/*.yml)");
    }
    root.declare("hbm");
    cfg.hbm = hbm::read_hbm_config(hbm_section_with_profile(*document));
    if (t.generator->direct) {
      fabric.fail("topology", "memory workloads run on switched fabrics (single_switch and the other kinds with "
                              "switches) for now: the direct topologies' routing uses the VCs for deadlock freedom "
                              "and has no VC class per message class");
    }
    const uint64_t needed = uint64_t(cfg.fabric.endpoints) * memory.region_bytes;
    if (needed > cfg.hbm->mapping.capacity()) {
      root.section("workload").section("memory").fail(
          "region", std::to_string(cfg.fabric.endpoints) + " initiators x " + std::to_string(memory.region_bytes) +
                        " B do not fit one HBM of " + std::to_string(cfg.hbm->mapping.capacity()) + " B");
    }
  } else if (root.has("hbm")) {
    root.fail("hbm", "the hbm section describes the accelerators' memory, used only by memory workloads "
                     "(workload.memory); remove it or add workload.memory");
  }
  root.finish();

  // Constraints that involve more than one key.
  SwitchParams& s = cfg.switch_params;
  if (t.generator->check) t.generator->check(cfg, sw);
  const uint32_t flit = cfg.fabric.flit_bytes;
  const uint32_t max_flits = (cfg.link.profile.buffer_bytes(cfg.workload.max_bytes()) + flit - 1) / flit;
  auto check_buffer = [&](const ConfigSection& section, const std::string& key, double bytes) {
    uint64_t flits = static_cast<uint64_t>(bytes / flit);
    if (flits < max_flits) {
      section.fail(key, format_number6(bytes) + " B holds " + std::to_string(flits) + " flits of " + std::to_string(flit) +
                            " B, less than the largest packet (" + std::to_string(max_flits) +
                            " flits): it could never be sent; use at least " + std::to_string(max_flits * flit) + "B");
    }
  };
  // The switch section and every switch class.
  auto check_switch = [&](const SwitchParams& s, const ConfigSection& sw) {
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
    check_buffer(sw, "input_buffer", double(s.input_buffer_bytes));
    if (s.output_queued && !std::isinf(s.output_buffer_bytes)) check_buffer(sw, "output_buffer", s.output_buffer_bytes);
  };
  check_switch(s, sw);
  check_rtl_switch(cfg, sw);
  for (auto& [name, params] : cfg.switch_classes) {
    const ConfigSection& section = cfg.switch_class_sections.at(name);
    if (params.ports == 0) params.ports = s.ports;
    check_switch(params, section);
    if (params.rtl) section.fail("impl", "a switch class runs as TLM for now (impl: rtl is for the switch section)");
    if (cfg.link.flow_control.mode == FlowControlMode::Pause && params.input_buffer_bytes != s.input_buffer_bytes) {
      section.fail("input_buffer", "with pause flow control every switch class keeps the switch section's input_buffer "
                                   "(the pause thresholds are derived from it)");
    }
  }
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

  // Load is a fraction of the injection link's data rate in payload bytes (a direct fabric's on-chip
  // link may be faster than a network link); framing then costs extra wire time.
  // (A saturated memory source is closed-loop: one request per port per cycle while a tag is free,
  // whatever the rate.) Checked for one port's link: each port starts at most one packet per cycle, so
  // an endpoint with several ports (its injection bandwidth their sum) meets the same condition.
  const double injection = t.local_bytes_per_cycle > 0 ? t.local_bytes_per_cycle : cfg.link.bytes_per_cycle;
  if (!(memory.enabled && cfg.workload.saturated)) {
    if (auto problem = injection_rate_problem(cfg.workload.load, injection, cfg.workload.mean_bytes(), 1)) {
      root.section("workload").fail("load", *problem);
    }
  }
  return cfg;
}

}  // namespace snsim
