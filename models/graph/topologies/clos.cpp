// Topology `clos`: a two- or three-tier folded Clos (fat tree) of switches, in `planes` parallel copies.
//
// Two tiers: leaves with `leaf_endpoints` endpoints below and `leaf_uplinks` links above, spread evenly
// over the spines (uplink j of a leaf goes to spine j mod spines, so each leaf has leaf_uplinks / spines
// parallel links to every spine). Three tiers: leaves and aggregation switches ("spines" of a pod) form
// pods of `pod_leaves` leaves; aggregation switch j of every pod has `aggregation_uplinks` links to the
// cores of group j (cores are split into one group per aggregation index, as in Al-Fares, Loukissas and
// Vahdat, SIGCOMM 2008). By default a switch splits its radix evenly between down and up links
// (non-blocking); `oversubscription` d:u > 1 gives the leaves fewer uplinks than endpoints (e.g. 2 = 2:1).
// With planes > 1, every endpoint has one port per plane and each plane is a whole copy of the Clos
// (CloudMatrix 384: 7 planes of 48 L1 leaves under 16 L2 spines each, facts 5.1).
//
// Shortest paths climb to a lowest common ancestor and descend (up*/down*), so they are deadlock-free
// with any choice among equal-cost ports (ECMP, spraying, adaptive).
#include <cmath>

#include "models/fabric/fabric_config.h"
#include "models/graph/topologies/switched_topology.h"

namespace snsim {
namespace {

const Schema* schema() {
  static const Schema s{
      "topology",
      "clos: a two- or three-tier folded Clos (leaf/spine[/core]) of switches in parallel planes",
      {
          {"tiers", ParamKind::Integer, "2", 2, 3, {}, false, "Switch tiers: 2 = leaf/spine, 3 = leaf/aggregation/core",
           "CloudMatrix 384 and H3C UniPoD's 1,024-card extension are two-tier (facts 5.1, 5.3)"},
          {"radix", ParamKind::Integer, "64", 2, 4096, {}, false,
           "Ports per switch chip: every switch's wiring must fit in it",
           "51.2 Tb/s switch silicon with 64 x 800G ports (ETH-X, facts 3.1)"},
          {"oversubscription", ParamKind::Real, "1", 0.01, 100, {}, false,
           "Leaf down:up ratio when leaf_endpoints and leaf_uplinks are auto (1 = non-blocking, 2 = 2:1)",
           "Non-blocking scale-up fabrics (NVL72, CloudMatrix 384: facts 1.4, 5.1)"},
          {"leaf_endpoints", ParamKind::Integer, "auto", 1, 4096, {}, false,
           "Endpoints under each leaf; auto = radix x oversubscription / (1 + oversubscription)", "-", true},
          {"leaf_uplinks", ParamKind::Integer, "auto", 1, 4096, {}, false,
           "Links from each leaf up to the next tier; auto = radix - leaf_endpoints", "-", true},
          {"spines", ParamKind::Integer, "auto", 1, 65536, {}, false,
           "Switches above the leaves (two tiers: per plane; three tiers: aggregation switches per pod); auto = "
           "leaf_uplinks (one link from each leaf to each)",
           "CloudMatrix 384: 16 L2 switches per plane (facts 5.1)", true},
          {"pod_leaves", ParamKind::Integer, "auto", 1, 65536, {}, false,
           "Three tiers: leaves per pod; auto = radix / 2", "Al-Fares et al., SIGCOMM 2008 (k/2 edge switches per pod)",
           true},
          {"aggregation_uplinks", ParamKind::Integer, "auto", 1, 4096, {}, false,
           "Three tiers: links from each aggregation switch to the cores; auto = its down links (non-blocking)",
           "-", true},
          {"planes", ParamKind::Integer, "1", 1, 64, {}, false,
           "Parallel copies of the Clos; every endpoint has one port into each",
           "CloudMatrix 384: 7 planes, one L1 switch per plane and node (facts 5.1)"},
          graph_routing_param("ecmp"),
          class_param("endpoint_link_class", true, "the endpoint-to-leaf links"),
          class_param("uplink_class", true, "the links between tiers"),
          {"uplink_length", ParamKind::Length, "auto", 0, 1e5, {}, false,
           "Cable or fibre length of the links between tiers; auto = the class's own cable_length",
           "CloudMatrix 384: optical L1-L2 links between racks, tens of metres, assumed (facts 5.1, 7)", true},
          class_param("leaf_class", false, "the leaves"),
          class_param("spine_class", false, "the spines (aggregation switches with three tiers)"),
          class_param("core_class", false, "the cores (three tiers)"),
      },
      {}};
  return &s;
}

struct ClosShape {
  uint32_t tiers, planes, endpoints, down, up, leaves, spines, parallel;  // parallel: leaf-spine links
  uint32_t pod_leaves = 0, pods = 0, agg_down = 0, agg_up = 0, core_groups = 0, cores_per_group = 0, core_parallel = 0;
};

uint32_t value_or(const ParamValues& v, const std::string& key, uint64_t otherwise) {
  return static_cast<uint32_t>(v.automatic(key) ? otherwise : v.whole(key));
}

// The shape from the config; refuses, at the key that drives it, a wiring that does not fit the radix.
ClosShape shape_of(const FabricConfig& config, const ConfigSection* topology) {
  const ParamValues& v = config.topology.values;
  auto fail = [&](const std::string& key, const std::string& why) {
    if (topology) topology->fail(key, why);
    throw std::logic_error("clos: " + why);
  };
  ClosShape c{};
  c.tiers = static_cast<uint32_t>(v.whole("tiers"));
  c.planes = static_cast<uint32_t>(v.whole("planes"));
  c.endpoints = config.fabric.endpoints;
  const uint32_t radix = static_cast<uint32_t>(v.whole("radix"));
  const double os = v.number("oversubscription");
  c.down = value_or(v, "leaf_endpoints", std::max<uint64_t>(1, std::llround(radix * os / (1 + os))));
  c.up = value_or(v, "leaf_uplinks", radix > c.down ? radix - c.down : 0);
  if (c.up == 0) fail("leaf_endpoints", "leaves of " + std::to_string(c.down) + " endpoints leave no uplink in a radix of " + std::to_string(radix));
  if (c.down + c.up > radix) {
    fail("radix", "a leaf needs " + std::to_string(c.down) + " endpoint ports + " + std::to_string(c.up) +
                      " uplinks = " + std::to_string(c.down + c.up) + " ports, more than the radix " + std::to_string(radix));
  }
  c.leaves = (c.endpoints + c.down - 1) / c.down;
  c.spines = value_or(v, "spines", c.up);
  if (c.up % c.spines) {
    fail("spines", std::to_string(c.up) + " leaf uplinks do not spread evenly over " + std::to_string(c.spines) + " spines");
  }
  c.parallel = c.up / c.spines;
  if (c.tiers == 2) {
    const uint64_t spine_ports = uint64_t(c.leaves) * c.parallel;
    if (spine_ports > radix) {
      fail("radix", std::to_string(c.endpoints) + " endpoints need " + std::to_string(c.leaves) + " leaves of " +
                        std::to_string(c.down) + "; a spine then needs " + std::to_string(spine_ports) +
                        " ports (radix " + std::to_string(radix) + "): use tiers: 3 or a larger radix");
    }
    return c;
  }
  c.pod_leaves = value_or(v, "pod_leaves", std::max<uint32_t>(1, radix / 2));
  c.pods = (c.leaves + c.pod_leaves - 1) / c.pod_leaves;
  c.agg_down = c.pod_leaves * c.parallel;
  c.agg_up = value_or(v, "aggregation_uplinks", c.agg_down);
  if (c.agg_down + c.agg_up > radix) {
    fail("pod_leaves", "an aggregation switch needs " + std::to_string(c.agg_down) + " down + " + std::to_string(c.agg_up) +
                           " up ports, more than the radix " + std::to_string(radix));
  }
  // Cores: one group per aggregation index; each aggregation switch has one link to each core of its
  // group, so a core has one port per pod.
  c.core_groups = c.spines;
  c.core_parallel = 1;
  c.cores_per_group = c.agg_up;
  if (c.pods > radix) {
    fail("radix", std::to_string(c.pods) + " pods need " + std::to_string(c.pods) + " ports on every core (radix " +
                      std::to_string(radix) + ")");
  }
  return c;
}

void read(const ConfigSection& topology, const ConfigSection&, FabricConfig& config) {
  config.topology.values = read_params(topology, *schema(), config.fabric.clock_hz);
  topology.finish();
  shape_of(config, &topology);
}

void check(FabricConfig& config, const ConfigSection& sw) {
  check_switched(config, sw);
  const ConfigSection topology = config.document->root().section("topology");
  for (const char* key : {"endpoint_link_class", "uplink_class"}) read_class(topology, config.topology.values, config, key, true);
  for (const char* key : {"leaf_class", "spine_class", "core_class"}) read_class(topology, config.topology.values, config, key, false);
}

std::string class_of(const ParamValues& v, const std::string& key) {
  return v.text(key) == "default" ? "" : v.text(key);
}

GeneratedFabric generate(const FabricConfig& config) {
  const ParamValues& v = config.topology.values;
  const ClosShape c = shape_of(config, nullptr);
  GeneratedFabric out;
  FabricGraph& g = out.graph;
  const std::string endpoint_class = class_of(v, "endpoint_link_class"), uplink = class_of(v, "uplink_class");
  std::optional<double> length;
  if (!v.automatic("uplink_length")) length = v.number("uplink_length");
  struct Plane {
    std::vector<uint32_t> leaves, spines, cores;
  };
  std::vector<Plane> planes(c.planes);
  for (uint32_t p = 0; p < c.planes; ++p) {
    const std::string prefix = c.planes > 1 ? "plane" + std::to_string(p) + "." : "";
    auto tags = [&](const char* tier) {
      NodeTags t;
      t.tier = tier;
      t.plane = c.planes > 1 ? static_cast<int32_t>(p) : -1;
      return t;
    };
    for (uint32_t l = 0; l < c.leaves; ++l) {
      planes[p].leaves.push_back(g.add_switch(prefix + "leaf" + std::to_string(l), c.down + c.up, NodeRole::Switch,
                                              tags("leaf"), class_of(v, "leaf_class")));
    }
    const uint32_t spines = c.tiers == 2 ? c.spines : c.spines * c.pods;
    const uint32_t spine_ports = c.tiers == 2 ? c.leaves * c.parallel : c.agg_down + c.agg_up;
    for (uint32_t s = 0; s < spines; ++s) {
      planes[p].spines.push_back(g.add_switch(prefix + "spine" + std::to_string(s), spine_ports, NodeRole::Switch,
                                              tags("spine"), class_of(v, "spine_class")));
    }
    for (uint32_t k = 0; c.tiers == 3 && k < c.core_groups * c.cores_per_group; ++k) {
      planes[p].cores.push_back(g.add_switch(prefix + "core" + std::to_string(k), c.pods * c.core_parallel,
                                             NodeRole::Switch, tags("core"), class_of(v, "core_class")));
    }
  }
  for (uint32_t e = 0; e < c.endpoints; ++e) {
    const uint32_t ep = g.add_endpoint("ep" + std::to_string(e), c.planes);
    for (uint32_t p = 0; p < c.planes; ++p) {
      g.connect({ep, p}, {planes[p].leaves[e / c.down], e % c.down}, endpoint_class);
    }
  }
  for (uint32_t p = 0; p < c.planes; ++p) {
    const Plane& pl = planes[p];
    // The last leaf may be partly filled.
    for (uint32_t port = c.endpoints - (c.leaves - 1) * c.down; port < c.down; ++port) g.mark_unused({pl.leaves.back(), port});
    for (uint32_t l = 0; l < c.leaves; ++l) {
      // Three tiers: a leaf reaches the aggregation switches of its pod only.
      const uint32_t pod = c.tiers == 3 ? l / c.pod_leaves : 0;
      const uint32_t leaf_in_pod = c.tiers == 3 ? l % c.pod_leaves : l;
      for (uint32_t j = 0; j < c.up; ++j) {
        const uint32_t spine = pl.spines[pod * c.spines + j % c.spines];
        g.connect({pl.leaves[l], c.down + j}, {spine, leaf_in_pod * c.parallel + j / c.spines}, uplink, length);
      }
    }
    if (c.tiers == 2) continue;
    for (uint32_t pod = 0; pod < c.pods; ++pod) {
      // A partly filled last pod leaves down ports of its aggregation switches unused.
      const uint32_t leaves_here = std::min(c.pod_leaves, c.leaves - pod * c.pod_leaves);
      for (uint32_t a = 0; a < c.spines; ++a) {
        const uint32_t agg = pl.spines[pod * c.spines + a];
        for (uint32_t port = leaves_here * c.parallel; port < c.agg_down; ++port) g.mark_unused({agg, port});
        for (uint32_t j = 0; j < c.agg_up; ++j) {
          const uint32_t core = pl.cores[a * c.cores_per_group + j % c.cores_per_group];
          g.connect({agg, c.agg_down + j}, {core, pod * c.core_parallel + j / c.cores_per_group}, uplink, length);
        }
      }
    }
  }
  route_on_graph(config, out);
  return out;
}

}  // namespace

SNSIM_REGISTER_TOPOLOGY({"clos", "A two- or three-tier folded Clos (fat tree) of switches, in parallel planes", &schema,
                         &read, &generate, false, &check});

}  // namespace snsim
