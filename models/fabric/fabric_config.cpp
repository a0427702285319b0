#include "models/fabric/fabric_config.h"

#include <cmath>
#include <filesystem>
#include <sstream>

#include "models/core/units.h"
#include "models/fabric/switch_impl.h"

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

}  // namespace

const Schema& fabric_schema() {
  static const Schema schema{
      "fabric",
      "What the fabric is: its topology, size, reference clock, virtual channels and flit size.",
      {
          {"name", ParamKind::Text, "unnamed", 0, 0, {}, false, "Name shown in reports", "-"},
          {"topology", ParamKind::Choice, "single_switch", 0, 0,
           {"single_switch", "ring", "mesh", "torus", "full_mesh", "adjacency"}, false,
           "single_switch: every endpoint on one crossbar; the others are switch-less: a router per chip, "
           "wired as the `topology` section says",
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

const Schema& topology_schema() {
  static const Schema schema{
      "topology",
      "Direct (switch-less) topologies: dimensions, cable lengths and routing. Every chip has a router "
      "(configured by the `switch` section) with its endpoint on port 0.",
      {
          {"routing", ParamKind::Choice, "dor", 0, 0, {"dor", "valiant", "adaptive", "detour", "table"}, false,
           "dor: dimension order (shortest way round each ring of a torus; one hop per dimension on a full "
           "mesh); valiant (mesh, torus): dimension order via a random intermediate router, each phase on "
           "half of the VCs; adaptive (mesh, torus): minimal adaptive on all VCs but the escape VCs (1 on a "
           "mesh, 2 on a torus), dimension order with datelines on those; detour (full mesh): the direct hop "
           "when its link has room, else two hops through another router of the same line (lower/upper half "
           "of the VCs); table: shortest paths computed at build time (the only choice for adjacency)",
           "Dally and Towles 2004, ch. 8-9 and sec. 14.3; Valiant and Brebner, STOC 1981; Duato, IEEE TPDS "
           "1996; UB-Mesh (facts 4)"},
          {"datelines", ParamKind::Boolean, "true", 0, 0, {}, false,
           "torus and ring: dateline VC classes (needs fabric.vcs >= 2); false shows the deadlock they prevent",
           "Dally and Seitz, IEEE Trans. Computers 1987; Dally and Towles 2004, sec. 14.1"},
          {"link_length", ParamKind::Length, "1m", 0, 1e5, {}, false,
           "Length of each chip-to-chip link (adds ns_per_m per metre to its latency)",
           "In-rack fibre or copper, assumed; fibre 4.9 ns/m (facts 7)"},
          {"wrap_length", ParamKind::Length, "auto", 0, 1e5, {}, false,
           "torus and ring: length of the wrap-around links; auto = link_length (a folded torus)",
           "Folding a torus makes every link about the same length (Dally and Towles 2004, sec. 5.2)", true},
          {"block", ParamKind::Integer, "0", 0, 4096, {}, false,
           "torus and mesh: routers per dimension of an electrically wired block (e.g. a 4x4x4 cube); links "
           "between blocks, and the wrap links, use block_link_length; 0 = no blocks",
           "TPU v4 pods: 4x4x4 cubes joined by optical circuit switches (facts 4.1)"},
          {"block_link_length", ParamKind::Length, "10m", 0, 1e5, {}, false,
           "Fibre length of the links between blocks (through the optical circuit switch)",
           "Assumed row-scale fibre run; 4.9 ns/m (facts 7)"},
          {"local_latency", ParamKind::Time, "1cycles", 1, 1e6, {}, false,
           "Latency of the on-chip link between an endpoint and its router", "On-chip wire, assumed"},
          {"twist", ParamKind::Integer, "0", 0, 4095, {}, false,
           "2-D torus: the wrap links of dimension 1 shift by this many routers along dimension 0, so "
           "(x, k1-1) links to (x + twist mod k0, 0) (a twisted torus; needs routing: table and twist < k0)",
           "Camara, Moreto, Vallejo et al., Twisted torus topologies for enhanced interconnection networks, "
           "IEEE TPDS 2010; 0 = a plain torus"},
          {"ocs_reconfiguration", ParamKind::Time, "1ms", 0, 1e13, {}, false,
           "adjacency with ocs_phases: time the optical circuit switch takes to change wiring, after "
           "injection has been held and the network drained",
           "MEMS OCS mirror settling takes milliseconds (facts 4.1 and table 10: switching ~ms)"},
          {"local_bandwidth", ParamKind::Bandwidth, "auto", 1e-6, 1e6, {}, false,
           "Data rate of the on-chip injection and ejection links (workload.load is a fraction of it); auto = "
           "the network link's data rate. A chip with many ports injects more than one link carries",
           "UB-Mesh: a chip's bandwidth is spread over many full-mesh links (facts 4)", true},
      },
      {"dims: list of radices, e.g. [4, 4, 4] (ring: [k]); their product is fabric.endpoints",
       "edges: list of [a, b] router pairs (adjacency), each an undirected link",
       "ocs_phases: list of {at: time, edges: [[a, b], ...]} (adjacency): the optical circuit switch "
       "rewires to these edges at `at` (increasing); injection is held, the network drained, "
       "ocs_reconfiguration waited, routes switched to the new wiring's shortest paths"}};
  return schema;
}

std::vector<const Schema*> all_schemas() {
  std::vector<const Schema*> all = {&fabric_schema(),        &simulation_schema(), &topology_schema(),
                                    &workload_schema(),      &memory_workload_schema(), &endpoint_schema(),
                                    &link_schema(),          &switch_schema()};
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
  if (t.kind_name == "single_switch") {
    if (topo.node().IsDefined() && !topo.node().IsNull()) {
      fabric.fail("topology", "the topology section describes switch-less fabrics; remove it or choose ring, "
                              "mesh, torus, full_mesh or adjacency");
    }
  } else {
    ParamValues tv = read_params(topo, topology_schema(), clock);
    const std::string& kind = t.kind_name;
    t.kind = kind == "ring"        ? TopologyKind::Ring
             : kind == "mesh"      ? TopologyKind::Mesh
             : kind == "full_mesh" ? TopologyKind::FullMesh
             : kind == "adjacency" ? TopologyKind::Adjacency
                                   : TopologyKind::Torus;
    const std::string& routing = tv.text("routing");
    t.routing = routing == "table"      ? RoutingAlgorithm::Table
                : routing == "valiant"  ? RoutingAlgorithm::Valiant
                : routing == "adaptive" ? RoutingAlgorithm::Adaptive
                : routing == "detour"   ? RoutingAlgorithm::Detour
                                        : RoutingAlgorithm::DimensionOrder;
    t.datelines = tv.flag("datelines");
    t.link_m = tv.number("link_length");
    t.wrap_m = tv.automatic("wrap_length") ? t.link_m : tv.number("wrap_length");
    t.local_latency = tv.whole("local_latency");
    t.twist = static_cast<uint32_t>(tv.whole("twist"));
    if (!tv.automatic("local_bandwidth")) t.local_bytes_per_cycle = tv.number("local_bandwidth");
    t.block = static_cast<uint32_t>(tv.whole("block"));
    t.block_m = tv.number("block_link_length");
    if (t.block) t.wrap_m = t.block_m;
    auto read_list = [&](const std::string& key) {
      YAML::Node list = topo.raw(key);
      if (!list.IsSequence() || list.size() == 0) topo.fail(key, "expected a non-empty list");
      return list;
    };
    if (t.twist && t.kind != TopologyKind::Torus) topo.fail("twist", "a twist applies to a 2-D torus only");
    t.ocs_reconfiguration = tv.whole("ocs_reconfiguration");
    if (t.kind == TopologyKind::Adjacency) {
      topo.declare("dims");
      if (topo.has("dims")) topo.fail("dims", "adjacency fabrics are given by edges, not dims");
      t.routers = cfg.fabric.endpoints;
      t.routing = RoutingAlgorithm::Table;
      // A list of [a, b] pairs; every router must be reachable over them.
      auto read_edges = [&](const YAML::Node& edges, const std::string& key) {
        std::vector<std::pair<uint32_t, uint32_t>> out;
        if (!edges.IsSequence() || edges.size() == 0) {
          throw ConfigError(document->location(edges, key) + ": key '" + key + "': expected a non-empty list of [a, b] pairs");
        }
        for (size_t i = 0; i < edges.size(); ++i) {
          const std::string where = document->location(edges[i], key);
          uint32_t a = 0, b = 0;
          try {
            if (!edges[i].IsSequence() || edges[i].size() != 2) throw YAML::Exception(YAML::Mark(), "");
            a = edges[i][0].as<uint32_t>();
            b = edges[i][1].as<uint32_t>();
          } catch (const YAML::Exception&) {
            throw ConfigError(where + ": key '" + key + "': each edge is a pair [a, b] of router indices");
          }
          if (a >= cfg.fabric.endpoints || b >= cfg.fabric.endpoints || a == b) {
            throw ConfigError(where + ": key '" + key + "': edge [" + std::to_string(a) + ", " + std::to_string(b) +
                              "] needs two different routers in [0, " + std::to_string(cfg.fabric.endpoints - 1) + "]");
          }
          out.emplace_back(a, b);
        }
        std::vector<uint32_t> hops = make_adjacency(t.routers, out, t.link_m).hop_counts_from(0);
        for (uint32_t r = 0; r < t.routers; ++r) {
          if (hops[r] == UINT32_MAX) {
            throw ConfigError(document->location(edges, key) + ": key '" + key + "': router " + std::to_string(r) +
                              " is not connected to router 0");
          }
        }
        return out;
      };
      t.edges = read_edges(read_list("edges"), topo.key_path("edges"));
      topo.declare("ocs_phases");
      if (topo.has("ocs_phases")) {
        YAML::Node phases = read_list("ocs_phases");
        const std::string key = topo.key_path("ocs_phases");
        for (size_t i = 0; i < phases.size(); ++i) {
          const std::string where = document->location(phases[i], key);
          if (!phases[i].IsMap()) throw ConfigError(where + ": key '" + key + "': each phase is {at: time, edges: [[a, b], ...]}");
          for (const auto& kv : phases[i]) {
            const std::string k = kv.first.as<std::string>();
            if (k != "at" && k != "edges") {
              throw ConfigError(document->location(kv.first, key) + ": key '" + key + "." + k +
                                "': unknown key (a phase has at and edges)");
            }
          }
          if (!phases[i]["at"] || !phases[i]["edges"]) {
            throw ConfigError(where + ": key '" + key + "': each phase needs at (a time) and edges");
          }
          OcsPhase phase;
          const std::string at_text = phases[i]["at"].as<std::string>();
          try {
            TimeQuantity q = parse_time(at_text);
            phase.at = static_cast<uint64_t>(std::llround(q.in_cycles ? q.value : q.value * clock));
          } catch (const UnitError& e) {
            throw ConfigError(document->location(phases[i]["at"], key + ".at") + ": key '" + key + ".at': " + e.what());
          }
          const uint64_t previous = t.ocs_phases.empty() ? 0 : t.ocs_phases.back().at;
          if (phase.at <= previous) {
            throw ConfigError(document->location(phases[i]["at"], key + ".at") + ": key '" + key + ".at': phase " +
                              std::to_string(i + 1) + " starts at cycle " + std::to_string(phase.at) +
                              "; phases must start after cycle 0 and after the previous phase (" +
                              std::to_string(previous) + ")");
          }
          phase.edges = read_edges(phases[i]["edges"], key + ".edges");
          t.ocs_phases.push_back(std::move(phase));
        }
      }
    } else {
      topo.declare("edges");
      if (topo.has("edges")) topo.fail("edges", "edges describe adjacency fabrics; " + kind + " is given by dims");
      topo.declare("ocs_phases");
      if (topo.has("ocs_phases")) topo.fail("ocs_phases", "OCS phases rewire adjacency fabrics; use topology adjacency");
      YAML::Node dims = read_list("dims");
      uint64_t product = 1;
      for (size_t i = 0; i < dims.size(); ++i) {
        long long k = -1;
        try {
          k = dims[i].as<long long>();
        } catch (const YAML::Exception&) {
        }
        if (k < 1 || k > 4096) {
          throw ConfigError(document->location(dims[i], topo.key_path("dims")) + ": key '" + topo.key_path("dims") +
                            "': each radix must be a whole number in [1, 4096]");
        }
        t.dims.push_back(static_cast<uint32_t>(k));
        product *= static_cast<uint64_t>(k);
      }
      if (t.kind == TopologyKind::Ring && t.dims.size() != 1) topo.fail("dims", "a ring has one dimension: dims: [k]");
      for (uint32_t k : t.dims) {
        if (t.block && k % t.block != 0) {
          topo.fail("block", "every radix must be a multiple of the block (" + std::to_string(t.block) + ")");
        }
      }
      if (t.block && t.kind == TopologyKind::FullMesh) topo.fail("block", "blocks apply to meshes and tori");
      if (product != cfg.fabric.endpoints) {
        topo.fail("dims", "the dimensions give " + std::to_string(product) + " chips but fabric.endpoints is " +
                              std::to_string(cfg.fabric.endpoints));
      }
      const bool torus = t.kind == TopologyKind::Torus || t.kind == TopologyKind::Ring;
      if (torus && t.datelines && t.routing == RoutingAlgorithm::DimensionOrder && cfg.fabric.vcs < 2) {
        topo.fail("datelines", "dateline routing needs two VC classes: set fabric.vcs >= 2 (or datelines: false)");
      }
      if (t.twist) {
        if (t.kind != TopologyKind::Torus || t.dims.size() != 2 || t.dims[1] < 3 || t.twist >= t.dims[0]) {
          topo.fail("twist", "a twist needs a 2-D torus with dims [k0, k1], k1 >= 3, and twist < k0");
        }
        if (t.routing != RoutingAlgorithm::Table) {
          topo.fail("routing", "dimension-order, adaptive and valiant routing assume an untwisted torus; a "
                               "twisted torus needs routing: table (shortest paths)");
        }
      }
      if (t.routing == RoutingAlgorithm::Adaptive) {
        if (t.kind == TopologyKind::FullMesh) topo.fail("routing", "adaptive routing is for meshes, tori and rings");
        if (torus && !t.datelines) {
          topo.fail("datelines", "adaptive routing on a torus needs dateline classes on its escape VCs (datelines: true)");
        }
        const uint32_t needed = escape_vcs(torus) + 1;
        if (cfg.fabric.vcs < needed) {
          topo.fail("routing", "adaptive routing needs " + std::to_string(needed - 1) + " escape VC" +
                                   (needed > 2 ? "s" : "") + " and at least one adaptive VC: set fabric.vcs >= " +
                                   std::to_string(needed));
        }
      }
      if (t.routing == RoutingAlgorithm::Detour) {
        if (t.kind != TopologyKind::FullMesh) topo.fail("routing", "detour routing is for full meshes");
        if (cfg.fabric.vcs < 2) {
          topo.fail("routing", "detour routing keeps detours on the lower half of the VCs and direct hops on the "
                               "upper half: set fabric.vcs >= 2");
        }
      }
      if (t.routing == RoutingAlgorithm::Valiant) {
        if (t.kind == TopologyKind::FullMesh) topo.fail("routing", "valiant routing is for meshes, tori and rings");
        const uint32_t needed = torus && t.datelines ? 4 : 2;
        if (cfg.fabric.vcs < needed || cfg.fabric.vcs % needed) {
          topo.fail("routing", "valiant routing needs its two phases on separate VCs" +
                                   std::string(torus && t.datelines ? ", each with two dateline classes" : "") +
                                   ": set fabric.vcs to a multiple of " + std::to_string(needed));
        }
      }
    }
    if (tv.given("ocs_reconfiguration") && t.ocs_phases.empty()) {
      topo.fail("ocs_reconfiguration", "only meaningful with ocs_phases");
    }
    topo.finish();
  }

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
    if (t.kind_name != "single_switch") {
      fabric.fail("topology", "memory workloads run on single_switch fabrics for now: the direct topologies' "
                              "routing uses the VCs for deadlock freedom and has no VC class per message class");
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
  if (t.kind_name != "single_switch" && s.ports != 0) {
    sw.fail("ports", "a router's ports follow from the topology; leave switch.ports at auto");
  }
  if (s.ports == 0) s.ports = cfg.fabric.endpoints;
  if (t.kind_name == "single_switch" && s.ports < cfg.fabric.endpoints) {
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
  // A blocked head packet chooses its output again: its queue must not be tied to an output. Duato's
  // escape argument also needs the packet to stay re-routable until it leaves (no output queue); the
  // full-mesh detour classes are acyclic whatever the choice, so detours may use output queues.
  if (t.kind_name != "single_switch" && t.routing == RoutingAlgorithm::Adaptive &&
      (s.input_queueing != InputQueueing::Fifo || s.output_queued)) {
    sw.fail(s.output_queued ? "output_queue" : "input_queue",
            "adaptive routing re-chooses the output of a blocked head packet, so it needs input_queue: fifo "
            "and output_queue: false");
  }
  if (t.kind_name != "single_switch" && t.routing == RoutingAlgorithm::Detour && s.input_queueing != InputQueueing::Fifo) {
    sw.fail("input_queue", "detour routing re-chooses the output of a blocked head packet, so it needs input_queue: fifo");
  }
  if (s.speedup > 1 && !s.output_queued) {
    sw.fail("speedup", "a speed-up needs somewhere to put the extra packets; set output_queue: true");
  }
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
  check_rtl_switch(cfg, sw);
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

  // Load is a fraction of the injection link's data rate in payload bytes (a direct fabric's on-chip
  // link may be faster than a network link); framing then costs extra wire time.
  // (A saturated memory source is closed-loop: one request per cycle while a tag is free, whatever the rate.)
  const double injection = t.local_bytes_per_cycle > 0 ? t.local_bytes_per_cycle : cfg.link.bytes_per_cycle;
  const double rate = cfg.workload.load * injection / cfg.workload.mean_bytes();
  if (rate > 1.0 + 1e-12 && !(memory.enabled && cfg.workload.saturated)) {
    ConfigSection wl = root.section("workload");
    wl.fail("load", format_number6(cfg.workload.load) + " of " + format_number6(injection) + " B/cycle with " +
                        format_number6(cfg.workload.mean_bytes()) + " B packets needs " + format_number6(rate) +
                        " packets per cycle; an endpoint makes at most one per cycle, so the highest load "
                        "here is " + format_number6(cfg.workload.mean_bytes() / injection) +
                        " (use larger packets or a lower load)");
  }
  return cfg;
}

}  // namespace snsim
