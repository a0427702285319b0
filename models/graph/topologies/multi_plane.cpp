// Topology `multi_plane`: a single switching stage in P parallel planes. Every endpoint has k links to
// the one switch of every plane (P x k ports), so every pair of endpoints is one switch apart in every
// plane: GB200 NVL72 is 72 GPUs x 18 planes x 1 link (18 NVSwitch chips of 72 ports; facts 1.4), HGX
// H100 is 8 GPUs on 4 NVSwitch chips with 4 or 5 links each (facts 1.3). The endpoint's network interface
// picks the plane (endpoint.port_select); within a plane, the k parallel links are equal-cost choices
// for the switch's routing.
#include "models/fabric/fabric_config.h"
#include "models/graph/topologies/switched_topology.h"

namespace snsim {
namespace {

const Schema* schema() {
  static const Schema s{
      "topology",
      "multi_plane: one switch per plane, every endpoint linked to every plane",
      {
          {"planes", ParamKind::Integer, "1", 1, 1024, {}, false, "Parallel switch planes (one switch chip each)",
           "GB200 NVL72: 18 NVSwitch chips, one per plane (facts 1.4)"},
          {"links_per_plane", ParamKind::Integer, "1", 1, 64, {}, false,
           "Links from each endpoint to each plane's switch", "GB200 NVL72: 1 link from each GPU to each chip (facts 1.4)"},
          {"radix", ParamKind::Integer, "auto", 1, 65536, {}, false,
           "Ports of a plane's switch chip; auto = endpoints x links_per_plane (refused when the wiring needs more)",
           "NVLink5 switch chip: 72 ports (facts 1.3)", true},
          graph_routing_param("ecmp"),
          class_param("endpoint_link_class", true, "the endpoint-to-switch links"),
          class_param("switch_class", false, "the plane switches"),
      },
      {}};
  return &s;
}

void read(const ConfigSection& topology, const ConfigSection&, FabricConfig& config) {
  ParamValues& v = config.topology.values;
  v = read_params(topology, *schema(), config.fabric.clock_hz);
  topology.finish();
  const uint64_t needed = uint64_t(config.fabric.endpoints) * v.whole("links_per_plane");
  if (!v.automatic("radix") && needed > v.whole("radix")) {
    topology.fail("radix", std::to_string(config.fabric.endpoints) + " endpoints x " +
                               std::to_string(v.whole("links_per_plane")) + " links need " + std::to_string(needed) +
                               " ports on each plane's switch, more than its radix " + std::to_string(v.whole("radix")));
  }
}

void check(FabricConfig& config, const ConfigSection& sw) {
  check_switched(config, sw);
  const ConfigSection topology = config.document->root().section("topology");
  read_class(topology, config.topology.values, config, "endpoint_link_class", true);
  read_class(topology, config.topology.values, config, "switch_class", false);
}

GeneratedFabric generate(const FabricConfig& config) {
  const ParamValues& v = config.topology.values;
  const uint32_t planes = static_cast<uint32_t>(v.whole("planes")), k = static_cast<uint32_t>(v.whole("links_per_plane"));
  const uint32_t n = config.fabric.endpoints;
  const std::string link_class = v.text("endpoint_link_class") == "default" ? "" : v.text("endpoint_link_class");
  const std::string switch_class = v.text("switch_class") == "default" ? "" : v.text("switch_class");
  GeneratedFabric out;
  FabricGraph& g = out.graph;
  for (uint32_t p = 0; p < planes; ++p) {
    NodeTags tags;
    tags.tier = "plane";
    tags.plane = static_cast<int32_t>(p);
    g.add_switch("plane" + std::to_string(p) + ".sw", n * k, NodeRole::Switch, tags, switch_class);
  }
  // Endpoint port p * k + i is its i-th link to plane p; switch port e * k + i is endpoint e's i-th link.
  for (uint32_t e = 0; e < n; ++e) {
    const uint32_t ep = g.add_endpoint("ep" + std::to_string(e), planes * k);
    for (uint32_t p = 0; p < planes; ++p) {
      for (uint32_t i = 0; i < k; ++i) g.connect({ep, p * k + i}, {p, e * k + i}, link_class);
    }
  }
  route_on_graph(config, out);
  return out;
}

}  // namespace

SNSIM_REGISTER_TOPOLOGY({"multi_plane", "One switch per plane in P parallel planes, k links from every endpoint to each",
                         &schema, &read, &generate, false, &check});

}  // namespace snsim
