// Topology `hierarchical`: groups nest. Each level (node, rack, pod, ...) repeats the level below
// `members` times and joins those members with its own switches; each switch of a level has `uplinks`
// ports to the level above. The fabric is one instance of the top level, so names read as a path:
// pod0.rack3.node7.npu2 is NPU 2 of node 7 of rack 3; pod0.rack3.sw1 is switch 1 of that rack.
//
// Wiring of one instance of a level with S switches: its members' uplinks (an endpoint's port, or a
// member's switches' uplinks, switch by switch) are dealt round-robin over the S switches, member by
// member, continuing the count across members. Every member must reach every switch of its level
// (its uplinks >= S); together with links only between adjacent levels, that makes every shortest
// path up*/down* (docs/user-guide.md, "Topology generators", has the argument).
#include <cctype>
#include <optional>

#include "models/fabric/fabric_config.h"
#include "models/graph/topologies/switched_topology.h"
#include "models/graph/topology_registry.h"

namespace snsim {
namespace {

// Endpoints have one port until the multi-port network interface lands (issue 13, item 5). With one
// port, an endpoint reaches only one switch, so the innermost level has one switch.
constexpr uint32_t kEndpointPorts = 1;
constexpr uint32_t kMaxPorts = 4096;  // switch.ports' range
const char* const kSwitchWord = "sw";  // switches are <group path>.sw<k>

const Schema& schema() {
  static const Schema s{
      "topology",
      "Hierarchical groups (fabric.topology hierarchical): each level repeats the one below and joins it "
      "with its own switches, levels nested innermost first (docs/user-guide.md, Topology generators)",
      {
          graph_routing_param("ecmp"),
          {"endpoint", ParamKind::Text, "ep", 0, 0, {}, false,
           "Word that names the endpoints within their innermost group (npu: pod0.rack0.node0.npu3)",
           "generic; accelerators are GPUs, NPUs, XPUs"},
      },
      {"levels: list of levels, innermost first, each {name: word (node, rack, pod), members: how many of "
       "the level below (endpoints for the first), switches: per instance (default 1), uplinks: ports of "
       "each of its switches to the next level (auto = one to each switch above; the top has none), "
       "radix: ports of each switch (auto = the ports it uses), link_length: the members' links up to this "
       "level (auto = the link section's), link_class: of those links, switch_class: of its switches "
       "(default = the link / switch section)}"}};
  return s;
}

const Schema* schema_ptr() { return &schema(); }

const Schema& level_schema() {
  static const Schema s{
      "levels",
      "One level of a hierarchical fabric",
      {
          {"name", ParamKind::Text, "", 0, 0, {}, false, "The group's word (node, rack, pod)", "required"},
          {"members", ParamKind::Integer, "", 1, 65536, {}, false, "Members per group", "required"},
          {"switches", ParamKind::Integer, "1", 1, kMaxPorts, {}, false, "Switches per group", "-"},
          {"uplinks", ParamKind::Integer, "auto", 0, kMaxPorts, {}, false, "Ports of each switch to the next level", "-", true},
          {"radix", ParamKind::Integer, "auto", 1, kMaxPorts, {}, false, "Ports of each switch", "-", true},
          {"link_length", ParamKind::Length, "auto", 0, 1e5, {}, false, "Length of the links up to this level", "-", true},
          class_param("link_class", true, "the links up to this level"),
          class_param("switch_class", false, "this level's switches"),
      },
      {}};
  return s;
}

struct Level {
  std::string name, link_class, switch_class;
  uint32_t members = 1, switches = 1, uplinks = 0;
  std::optional<uint32_t> radix;     // given
  std::optional<double> link_m;      // given
  uint32_t member_uplinks = 0;       // ports one member has toward this level's switches
  uint32_t down = 0;                 // ports of each switch toward the members
  uint32_t ports = 0;                // of each switch: the radix, else down + uplinks
  std::string key;                   // topology.levels[i]
  ParamValues values;                // for the positions of its keys
  uint32_t used() const { return down + uplinks; }
};

struct Hierarchy {
  std::string endpoint;
  std::vector<Level> levels;  // innermost first
  uint64_t endpoints = 1;
};

std::string counted(uint64_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Letters and underscores: a word followed by an index must not read as another word's name.
std::string word_problem(const std::string& word) {
  if (word.empty()) return "cannot be empty";
  for (char c : word) {
    if (!std::isalpha(static_cast<unsigned char>(c)) && c != '_') {
      return "'" + word + "' must be letters and underscores (an index follows it: " + word + "0, " + word + "1, ...)";
    }
  }
  if (word == kSwitchWord) return "'sw' names the switches; choose another word";
  return "";
}

// Reads and checks the `topology` section; `fabric` for the endpoint count. Used when the config is read
// and again, with the link and switch classes known (`classes`), to check the classes the levels name
// and to generate (the section is the same, so the result is).
Hierarchy read_hierarchy(const ConfigSection& topology, const ConfigSection& fabric, uint32_t fabric_endpoints,
                         ParamValues& values, const FabricConfig* classes) {
  const ConfigDocument& doc = topology.document();
  values = read_params(topology, schema(), 1e9);
  Hierarchy h;
  h.endpoint = values.text("endpoint");
  if (const std::string why = word_problem(h.endpoint); !why.empty()) topology.fail("endpoint", why);
  const YAML::Node list = topology.raw("levels");
  const std::string list_key = topology.key_path("levels");
  if (!list.IsSequence() || list.size() == 0) topology.fail("levels", "expected a non-empty list of levels, innermost first");
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string key = list_key + "[" + std::to_string(i) + "]";
    if (!list[i].IsMap()) {
      throw ConfigError(doc.location(list[i], key) + ": key '" + key + "': each level is a map {name, members, switches, ...}");
    }
    ConfigSection s(&doc, list[i], key);
    Level l;
    l.key = key;
    l.values = read_params(s, level_schema(), 1e9);
    const ParamValues& v = l.values;
    l.name = v.text("name");
    if (const std::string why = word_problem(l.name); !why.empty()) s.fail("name", why);
    if (l.name == h.endpoint) s.fail("name", "'" + l.name + "' already names the endpoints (topology.endpoint)");
    for (const Level& other : h.levels) {
      if (other.name == l.name) s.fail("name", "two levels are named '" + l.name + "' (the other is " + other.key + ")");
    }
    l.members = static_cast<uint32_t>(v.whole("members"));
    l.switches = static_cast<uint32_t>(v.whole("switches"));
    if (!v.automatic("radix")) l.radix = static_cast<uint32_t>(v.whole("radix"));
    if (!v.automatic("link_length")) l.link_m = v.number("link_length");
    if (classes) {
      l.link_class = read_class(s, v, *classes, "link_class", true);
      l.switch_class = read_class(s, v, *classes, "switch_class", false);
    }
    s.finish();
    h.levels.push_back(std::move(l));
  }
  topology.finish();

  for (size_t i = 0; i < h.levels.size(); ++i) {
    Level& l = h.levels[i];
    const ConfigSection s(&doc, list[i], l.key);
    const bool top = i + 1 == h.levels.size();
    if (top) {
      if (!l.values.automatic("uplinks") && l.values.whole("uplinks") != 0) {
        s.fail("uplinks", "the top level (" + l.name + ") has nothing above it: leave uplinks out or 0");
      }
      l.uplinks = 0;
    } else if (l.values.automatic("uplinks")) {
      l.uplinks = h.levels[i + 1].switches;  // one link to each switch of the next level
    } else {
      l.uplinks = static_cast<uint32_t>(l.values.whole("uplinks"));
      if (l.uplinks == 0) s.fail("uplinks", "a level below the top needs uplinks to reach " + h.levels[i + 1].name);
    }
    const std::string member = i == 0 ? h.endpoint : h.levels[i - 1].name;
    l.member_uplinks = i == 0 ? kEndpointPorts : h.levels[i - 1].switches * h.levels[i - 1].uplinks;
    const std::string member_links =
        i == 0 ? counted(kEndpointPorts, "port", "ports") + " (endpoints have one port for now)"
               : counted(l.member_uplinks, "uplink", "uplinks") + " (" +
                     counted(h.levels[i - 1].switches, "switch", "switches") + " x " +
                     std::to_string(h.levels[i - 1].uplinks) + ")";
    if (l.member_uplinks < l.switches) {
      s.fail("switches", "each " + member + " has " + member_links + ", fewer than the " + std::to_string(l.switches) +
                             " switches of a " + l.name + ": every member must reach every switch of its level (so "
                             "that shortest paths are up*/down*); use at most " +
                             counted(l.member_uplinks, "switch", "switches") +
                             (i == 0 ? "" : " or more uplinks in " + h.levels[i - 1].name));
    }
    const uint64_t dealt = uint64_t(l.members) * l.member_uplinks;
    if (dealt % l.switches) {
      s.fail("switches", counted(l.members, member, member + "s") + " x " + member_links + " = " +
                             std::to_string(dealt) + " links do not spread evenly over " +
                             counted(l.switches, "switch", "switches"));
    }
    if (dealt / l.switches + l.uplinks > kMaxPorts) {
      s.fail("members", "each switch of a " + l.name + " would need " + std::to_string(dealt / l.switches + l.uplinks) +
                            " ports, more than " + std::to_string(kMaxPorts));
    }
    l.down = static_cast<uint32_t>(dealt / l.switches);
    l.ports = l.radix.value_or(l.used());
    if (l.used() > l.ports) {
      s.fail("radix", "each switch of a " + l.name + " needs " + std::to_string(l.used()) + " ports (" +
                          std::to_string(l.down) + " to its " + std::to_string(l.members) + " members + " +
                          std::to_string(l.uplinks) + " uplinks), more than its radix of " + std::to_string(l.ports));
    }
    h.endpoints *= l.members;
    if (h.endpoints > 65536) fabric.fail("endpoints", "the levels give more than 65536 endpoints");
  }
  if (h.endpoints != fabric_endpoints) {
    std::string product;
    for (const Level& l : h.levels) product += (product.empty() ? "" : " x ") + std::to_string(l.members);
    fabric.fail("endpoints", std::to_string(fabric_endpoints) + " endpoints, but the levels give " + product + " = " +
                                 std::to_string(h.endpoints) + "; set fabric.endpoints: " + std::to_string(h.endpoints));
  }
  return h;
}

Hierarchy reread(const FabricConfig& config) {
  if (!config.document) throw std::logic_error("hierarchical: the config carries no document");
  ConfigSection root = config.document->root();
  ParamValues values;
  return read_hierarchy(root.section("topology"), root.section("fabric"), config.fabric.endpoints, values, &config);
}

void read(const ConfigSection& topology, const ConfigSection& fabric, FabricConfig& config) {
  ParamValues values;
  read_hierarchy(topology, fabric, config.fabric.endpoints, values, nullptr);
  config.topology.values = std::move(values);
}

// Once the classes are read: the ones the levels name must exist; switch.ports stays auto (each level
// has its own radix) and adaptive routing needs FIFO inputs (check_switched).
void check(FabricConfig& config, const ConfigSection& sw) {
  reread(config);
  check_switched(config, sw);
}

class Builder {
 public:
  Builder(const Hierarchy& h, FabricGraph& g) : h_(h), g_(g) {}

  // Builds one instance of `level` named by `path` and returns its uplink ports, switch by switch.
  std::vector<PortRef> instance(size_t level, const std::vector<std::string>& path) {
    const Level& l = h_.levels[level];
    std::string prefix;
    for (const std::string& p : path) prefix += p + ".";
    // The members first (their switches and endpoints come before this level's switches), then the
    // switches, then the deal of the members' uplinks.
    std::vector<std::vector<PortRef>> members(l.members);
    for (uint32_t m = 0; m < l.members; ++m) {
      if (level == 0) {
        NodeTags tags;
        tags.group = path;
        const uint32_t ep = g_.add_endpoint(prefix + h_.endpoint + std::to_string(m), kEndpointPorts, tags);
        for (uint32_t p = 0; p < kEndpointPorts; ++p) members[m].push_back({ep, p});
      } else {
        std::vector<std::string> inner = path;
        inner.push_back(h_.levels[level - 1].name + std::to_string(m));
        members[m] = instance(level - 1, inner);
      }
    }
    std::vector<uint32_t> switches;
    for (uint32_t k = 0; k < l.switches; ++k) {
      NodeTags tags;
      tags.tier = l.name;
      tags.group = path;
      switches.push_back(g_.add_switch(prefix + kSwitchWord + std::to_string(k), l.ports, NodeRole::Switch, tags,
                                       l.switch_class));
    }
    std::vector<uint32_t> next_down(l.switches, 0);
    uint64_t dealt = 0;
    for (const std::vector<PortRef>& member : members) {
      for (const PortRef& up : member) {
        const uint32_t t = static_cast<uint32_t>(dealt++ % l.switches);
        g_.connect(up, {switches[t], next_down[t]++}, l.link_class, l.link_m);
      }
    }
    std::vector<PortRef> uplinks;
    for (uint32_t sw : switches) {
      for (uint32_t u = 0; u < l.uplinks; ++u) uplinks.push_back({sw, l.down + u});
      for (uint32_t p = l.used(); p < l.ports; ++p) g_.mark_unused({sw, p});  // spare radix
    }
    return uplinks;
  }

 private:
  const Hierarchy& h_;
  FabricGraph& g_;
};

GeneratedFabric generate(const FabricConfig& config) {
  const Hierarchy h = reread(config);
  GeneratedFabric out;
  Builder builder(h, out.graph);
  const std::vector<PortRef> top_uplinks = builder.instance(h.levels.size() - 1, {h.levels.back().name + "0"});
  if (!top_uplinks.empty()) throw std::logic_error("hierarchical: the top level has uplinks");
  route_on_graph(config, out);
  return out;
}

}  // namespace

SNSIM_REGISTER_TOPOLOGY({"hierarchical", "Nested groups (node, rack, pod, ...): each level repeats the one below and joins it with its own switches", &schema_ptr, &read, &generate, false, &check});

}  // namespace snsim
