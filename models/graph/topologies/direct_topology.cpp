#include "models/graph/topologies/direct_topology.h"

#include <algorithm>
#include <cmath>

#include "models/core/units.h"
#include "models/fabric/fabric_config.h"
#include "models/router/routing.h"

namespace snsim {

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

void read_direct_topology(const ConfigSection& topo, const ConfigSection& fabric, FabricConfig& cfg, TopologyKind kind_of) {
  (void)fabric;
  const ConfigDocument* document = &topo.document();
  const double clock = cfg.fabric.clock_hz;
  TopologySettings& t = cfg.topology;
  ParamValues tv = read_params(topo, topology_schema(), clock);
  const std::string& kind = t.kind_name;
  t.kind = kind_of;
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

void check_direct_topology(FabricConfig& cfg, const ConfigSection& sw) {
  SwitchParams& s = cfg.switch_params;
  const TopologySettings& t = cfg.topology;
  if (s.ports != 0) sw.fail("ports", "a router's ports follow from the topology; leave switch.ports at auto");
  s.ports = cfg.fabric.endpoints;  // unused by routers (each gets its topology's count); kept for reports
  // A blocked head packet chooses its output again: its queue must not be tied to an output. Duato's
  // escape argument also needs the packet to stay re-routable until it leaves (no output queue); the
  // full-mesh detour classes are acyclic whatever the choice, so detours may use output queues.
  if (t.routing == RoutingAlgorithm::Adaptive && (s.input_queueing != InputQueueing::Fifo || s.output_queued)) {
    sw.fail(s.output_queued ? "output_queue" : "input_queue",
            "adaptive routing re-chooses the output of a blocked head packet, so it needs input_queue: fifo "
            "and output_queue: false");
  }
  if (t.routing == RoutingAlgorithm::Detour && s.input_queueing != InputQueueing::Fifo) {
    sw.fail("input_queue", "detour routing re-chooses the output of a blocked head packet, so it needs input_queue: fifo");
  }
}

Topology make_topology(const TopologySettings& s) {
  switch (s.kind) {
    case TopologyKind::FullMesh:
      return make_full_mesh(s.dims, s.link_m);
    case TopologyKind::Adjacency:
      return make_adjacency(s.routers, s.edges, s.link_m);
    default:
      return make_grid(s.kind, s.dims, s.link_m, s.wrap_m, s.block, s.block_m, s.twist);
  }
}

// Link parameters for a cable of `length_m`: protocol links recompute their latency budget; ideal
// links add the flight time to their configured latency.
LinkParams with_length(const LinkParams& base, double length_m, double clock_hz) {
  LinkParams p = base;
  double seconds;
  if (base.profile.framing == Framing::Ideal) {
    seconds = base.profile.ideal_latency_s + length_m * base.profile.ns_per_m * 1e-9;
  } else {
    p.profile.cable_m = length_m;
    seconds = p.profile.latency_budget_s();
  }
  p.latency = std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(seconds * clock_hz - 1e-9)));
  if (base.credit_latency == base.latency) p.credit_latency = p.latency;
  return p;
}

LinkParams local_link_params(const FabricConfig& config) {
  // The network links' data rate unless topology.local_bandwidth says otherwise, a short latency, no
  // protocol framing and no bit errors.
  LinkParams local = config.link;
  local.profile = PortProfile();
  if (config.topology.local_bytes_per_cycle > 0) local.bytes_per_cycle = config.topology.local_bytes_per_cycle;
  local.profile.ideal_bytes_per_s = local.bytes_per_cycle * config.fabric.clock_hz;
  local.latency = local.credit_latency = config.topology.local_latency;
  local.ber = 0;
  return local;
}

uint64_t direct_zero_load_latency(const FabricConfig& config, uint32_t routers, uint32_t bytes) {
  // Cut-through: the head pays every link's flight and every router's pipeline; a link finishes a packet
  // no earlier than its serialization after it started nor before the tail has arrived (a router forwards
  // the tail no earlier than it came in). So the tail reaches the destination at the largest, over the
  // links k of the path, of: the head's time to link k + link k's serialization + the flights after it.
  // With one data rate that is the ejection link's term; when the network links are slower (a faster
  // topology.local_bandwidth, or protocol framing the on-chip links do not have), the last network
  // link's term, one router pipeline and one cycle less than the same path with their serialization at
  // the end. Local links have the configured on-chip latency; network links are taken to be
  // topology.link_length long (block and wrap links may be longer).
  const uint64_t local = config.topology.local_latency;
  const LinkParams network_link = with_length(config.link, config.topology.link_m, config.fabric.clock_hz);
  const uint64_t network = network_link.latency;
  const uint64_t pipeline = config.switch_params.latency;
  const uint64_t hops = routers - 1;
  auto ending_with = [&](uint64_t ser) {  // the tail one serialization behind the head at the end
    return 2 * (1 + local) + hops * (1 + network) + routers * pipeline + (ser - 1);
  };
  uint64_t latency = ending_with(local_link_params(config).serialization_cycles(bytes));
  if (hops > 0) latency = std::max(latency, ending_with(network_link.serialization_cycles(bytes)) - 1 - pipeline);
  return latency;
}

GeneratedFabric generate_direct(const FabricConfig& config) {
  GeneratedFabric out;
  out.direct = true;
  const TopologySettings& s = config.topology;
  const uint32_t vcs = config.fabric.vcs;
  auto grid = std::make_shared<Topology>();
  if (s.ocs_phases.empty()) {
    *grid = make_topology(s);
    out.routing = make_routing(*grid, s.routing, s.datelines, vcs);
  } else {
    // Wire the union of every phase's edges; each phase routes over its own (lit) links only.
    std::vector<std::vector<std::pair<uint32_t, uint32_t>>> phases{s.edges};
    for (const OcsPhase& p : s.ocs_phases) phases.push_back(p.edges);
    OcsWiring wiring = make_ocs_wiring(s.routers, phases, s.link_m);
    *grid = std::move(wiring.topology);
    auto routing = std::make_unique<PhasedTableRouting>(*grid, vcs, wiring.lit);
    out.ocs_routing = routing.get();
    out.routing = std::move(routing);
    for (const OcsPhase& p : s.ocs_phases) out.ocs_phase_starts.push_back(p.at);
    out.ocs_reconfiguration = s.ocs_reconfiguration;
  }
  out.grid = grid;
  out.link_classes[kOnChipLinkClass] = local_link_params(config);
  // Routers r0.. first, then their endpoints ep0..: router r is switch r of the graph, as the routing
  // functions number them; a router's ports keep the Topology's numbering (port 0: its endpoint).
  FabricGraph& g = out.graph;
  const uint32_t n = grid->routers();
  for (uint32_t r = 0; r < n; ++r) {
    g.add_switch("r" + std::to_string(r), static_cast<uint32_t>(grid->ports[r].size()), NodeRole::Router);
  }
  for (uint32_t r = 0; r < n; ++r) {
    const uint32_t ep = g.add_endpoint("ep" + std::to_string(r));
    g.connect({ep, 0}, {r, 0}, kOnChipLinkClass);
  }
  for (uint32_t r = 0; r < n; ++r) {
    for (uint32_t p = 1; p < grid->ports[r].size(); ++p) {
      const TopologyPort& tp = grid->ports[r][p];
      if (tp.peer == UINT32_MAX) {
        g.mark_unused({r, p});
      } else if (PortRef{r, p} < PortRef{tp.peer, tp.peer_port}) {
        g.connect({r, p}, {tp.peer, tp.peer_port}, "", tp.length_m);
      }
    }
  }
  return out;
}

}  // namespace snsim
