// Topology `graph_file`: the fabric's nodes and edges come from a file (YAML, or JSON, which YAML reads
// too), so a user can bring any wiring, as ASTRA-sim's InfraGraph or an SST Python script would describe
// it. The format (docs/user-guide.md, "Topology generators"):
//
//   nodes:
//     - {name: rack0.sw0, role: switch, tier: leaf}
//     - {name: rack0.npu0, role: endpoint}
//   edges:
//     - [rack0.npu0, rack0.sw0]              # ports assigned in edge order
//     - [rack0.sw0.4, spine0.1]              # name.N is port N of that node
//     - {a: rack0.sw0, b: spine0, length: 5m, link_class: optics}
//
// The file is read when the config is checked (after the link and switch classes, which its edges and
// switches may name; so `snsim check` finds its errors) and again when the fabric is built; every error
// names the file, line and column and the node or edge at fault.
#include <cctype>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "models/fabric/fabric_config.h"
#include "models/graph/topologies/switched_topology.h"
#include "models/graph/topology_registry.h"

namespace snsim {
namespace {

// Endpoints have one port until the multi-port network interface lands (issue 13, item 5); the check is
// here so that lifting it is one line.
constexpr uint32_t kEndpointPorts = 1;
constexpr uint32_t kMaxPorts = 4096;  // switch.ports' range

const Schema& schema() {
  static const Schema s{
      "topology",
      "Graph from a file (fabric.topology graph_file): named nodes and edges in a YAML or JSON file, "
      "endpoints in file order (docs/user-guide.md, Topology generators)",
      {
          {"file", ParamKind::Text, "", 0, 0, {}, false,
           "Path of the graph file, relative to this configuration's directory. It holds `nodes:` (each "
           "{name, role: endpoint or switch, ports: N or auto, tier, plane, group: [...], switch_class}) and "
           "`edges:` (each [a, b] with a, b a node name or name.port, or {a, a_port, b, b_port, link_class, "
           "length}); ends without a port take their node's lowest port that no edge names",
           "required: the wiring is the user's"},
          graph_routing_param("shortest_path"),
      },
      {}};
  return s;
}

// The keys of one node of the file (tier and group are read by hand: optional text and a list).
const Schema& node_schema() {
  static const Schema s{
      "nodes",
      "One node of a graph file",
      {
          {"name", ParamKind::Text, "", 0, 0, {}, false, "Unique name; dots make it hierarchical", "required"},
          {"role", ParamKind::Choice, "", 0, 0, {"endpoint", "switch"}, false, "What the node is", "required"},
          {"ports", ParamKind::Integer, "auto", 1, kMaxPorts, {}, false,
           "Port count; auto = one per edge end on the node", "-", true},
          {"plane", ParamKind::Integer, "-1", -1, 65535, {}, false, "Parallel plane index; -1 = none", "-"},
          class_param("switch_class", false, "a switch"),
      },
      {}};
  return s;
}

// The keys of an edge written as a map.
const Schema& edge_schema() {
  static const Schema s{
      "edges",
      "One edge of a graph file",
      {
          {"a", ParamKind::Text, "", 0, 0, {}, false, "One end: a node name (or name.port)", "required"},
          {"b", ParamKind::Text, "", 0, 0, {}, false, "The other end", "required"},
          {"a_port", ParamKind::Integer, "auto", 0, kMaxPorts - 1, {}, false, "Port of a; auto = next free", "-", true},
          {"b_port", ParamKind::Integer, "auto", 0, kMaxPorts - 1, {}, false, "Port of b; auto = next free", "-", true},
          {"length", ParamKind::Length, "auto", 0, 1e5, {}, false,
           "Cable or fibre length; auto = the link class's own", "-", true},
          class_param("link_class", true, "the edge's two links"),
      },
      {}};
  return s;
}

// Appends what the error is about ("node 'sw0'", "edge npu0 - sw0") to a ConfigError from the reader.
template <class Read>
void about(const std::string& what, Read&& read) {
  try {
    read();
  } catch (const ConfigError& e) {
    throw ConfigError(std::string(e.what()) + " (" + what + ")");
  }
}

bool all_digits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

// Empty when `name` is a usable node name, else why not.
std::string name_problem(const std::string& name) {
  if (name.empty()) return "a node name cannot be empty";
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.') {
      return "'" + name + "': a node name has letters, digits, '_', '-' and '.' (between hierarchy levels) only";
    }
  }
  if (name.front() == '.' || name.back() == '.' || name.find("..") != std::string::npos) {
    return "'" + name + "': a dot separates two non-empty levels of the name";
  }
  const size_t dot = name.rfind('.');
  if (dot != std::string::npos && all_digits(name.substr(dot + 1))) {
    return "'" + name + "': the last level of a name cannot be a number (name.N means port N of node name)";
  }
  return "";
}

struct EdgeEnd {
  uint32_t node = 0;
  std::optional<uint32_t> port;
  std::string where;  // file:line:col of the end as written
  std::string key;    // e.g. "edges[3].b"
};

struct FileEdge {
  EdgeEnd a, b;
  std::string link_class;
  std::optional<double> length_m;
  std::string where, key, label;  // label: "edge npu0 - sw0" as written
};

struct FileNode {
  GraphNode node;
  bool auto_ports = true;
  std::string where, key;
  uint32_t ends = 0;  // edge ends on this node
};

// A graph file read and checked: its path and the graph.
struct GraphFile {
  std::string path;
  FabricGraph graph;
};

class GraphFileReader {
 public:
  GraphFileReader(std::shared_ptr<ConfigDocument> document, const FabricConfig& config)
      : doc_(std::move(document)), config_(config) {}

  GraphFile read() {
    ConfigSection top = doc_->root();
    top.declare("nodes");
    top.declare("edges");
    top.finish();  // first, so that a misspelt key is named as such rather than as a missing one
    YAML::Node nodes = top.raw("nodes");
    YAML::Node edges = top.raw("edges");
    if (!nodes.IsSequence() || nodes.size() == 0) fail(nodes, "nodes", "expected a non-empty list of nodes");
    if (!edges.IsSequence() || edges.size() == 0) fail(edges, "edges", "expected a non-empty list of edges");
    for (size_t i = 0; i < nodes.size(); ++i) read_node(nodes[i], "nodes[" + std::to_string(i) + "]");
    for (size_t i = 0; i < edges.size(); ++i) read_edge(edges[i], "edges[" + std::to_string(i) + "]");
    number_ports();
    return build();
  }

 private:
  [[noreturn]] void fail(const YAML::Node& node, const std::string& key, const std::string& why) const {
    throw ConfigError(doc_->location(node, key) + ": key '" + key + "': " + why);
  }

  void read_node(const YAML::Node& entry, const std::string& key) {
    if (!entry.IsMap()) fail(entry, key, "each node is a map {name, role, ...}");
    const std::string label =
        entry["name"] && entry["name"].IsScalar() ? "node '" + entry["name"].Scalar() + "'" : "node " + key;
    about(label, [&] {
      ConfigSection s(doc_.get(), entry, key);
      const ParamValues v = read_params(s, node_schema(), 1e9);
      FileNode n;
      n.where = doc_->location(entry, key);
      n.key = key;
      n.node.name = v.text("name");
      if (const std::string problem = name_problem(n.node.name); !problem.empty()) s.fail("name", problem);
      auto seen = index_.find(n.node.name);
      if (seen != index_.end()) {
        s.fail("name", "two nodes are named '" + n.node.name + "'; the first is at " + nodes_[seen->second].where);
      }
      n.node.role = v.text("role") == "endpoint" ? NodeRole::Endpoint : NodeRole::Switch;
      n.auto_ports = v.automatic("ports");
      if (!n.auto_ports) n.node.ports = static_cast<uint32_t>(v.whole("ports"));
      if (n.node.role == NodeRole::Endpoint && !n.auto_ports && n.node.ports != kEndpointPorts) {
        s.fail("ports", "endpoints have " + std::to_string(kEndpointPorts) + " port for now (multi-port "
                        "endpoints are coming with the network interface, issue 13)");
      }
      n.node.tags.plane = static_cast<int32_t>(v.number("plane"));
      s.declare("tier");
      if (s.has("tier")) n.node.tags.tier = s.scalar("tier");
      if (n.node.role == NodeRole::Endpoint && v.given("switch_class")) {
        s.fail("switch_class", "an endpoint has no switch class");
      }
      n.node.switch_class = read_class(s, v, config_, "switch_class", false);
      s.declare("group");
      if (s.has("group")) {
        const YAML::Node group = s.raw("group");
        if (!group.IsSequence()) s.fail("group", "expected a list of group names, outermost first, e.g. [pod0, rack3]");
        for (size_t g = 0; g < group.size(); ++g) {
          if (!group[g].IsScalar() || group[g].Scalar().empty()) {
            fail(group[g], s.key_path("group"), "each group is a non-empty name");
          }
          n.node.tags.group.push_back(group[g].Scalar());
        }
      } else {
        // By default the groups are the levels of a hierarchical name: pod0.rack3.npu2 is in {pod0, rack3}.
        const std::string& name = n.node.name;
        for (size_t start = 0, dot; (dot = name.find('.', start)) != std::string::npos; start = dot + 1) {
          n.node.tags.group.push_back(name.substr(start, dot - start));
        }
      }
      s.finish();
      index_[n.node.name] = static_cast<uint32_t>(nodes_.size());
      nodes_.push_back(std::move(n));
    });
  }

  // An end written as text: a node's name, or name.N for port N of that node.
  EdgeEnd resolve(const YAML::Node& text, const std::string& key) const {
    EdgeEnd end;
    end.where = doc_->location(text, key);
    end.key = key;
    if (!text.IsScalar()) fail(text, key, "an edge end is a node name or name.port");
    const std::string& s = text.Scalar();
    if (auto it = index_.find(s); it != index_.end()) {
      end.node = it->second;
      return end;
    }
    const size_t dot = s.rfind('.');
    if (dot != std::string::npos && all_digits(s.substr(dot + 1))) {
      const std::string name = s.substr(0, dot);
      if (auto it = index_.find(name); it != index_.end()) {
        end.node = it->second;
        const unsigned long port = std::stoul(s.substr(dot + 1).substr(0, 9));
        if (s.size() - dot - 1 > 9 || port >= kMaxPorts) fail(text, key, "port " + s.substr(dot + 1) + " is out of range");
        end.port = static_cast<uint32_t>(port);
        return end;
      }
      fail(text, key, "no node named '" + name + "' (in '" + s + "': port " + s.substr(dot + 1) + " of node " + name + ")");
    }
    fail(text, key, "no node named '" + s + "'");
  }

  void read_edge(const YAML::Node& entry, const std::string& key) {
    FileEdge e;
    e.where = doc_->location(entry, key);
    e.key = key;
    if (entry.IsSequence()) {
      if (entry.size() != 2 || !entry[0].IsScalar() || !entry[1].IsScalar()) {
        fail(entry, key, "an edge is [a, b] (each a node name or name.port) or a map {a, b, a_port, b_port, link_class, length}");
      }
      e.label = "edge " + entry[0].Scalar() + " - " + entry[1].Scalar();
      about(e.label, [&] {
        e.a = resolve(entry[0], key + "[0]");
        e.b = resolve(entry[1], key + "[1]");
      });
    } else if (entry.IsMap()) {
      const auto text = [&](const char* k) { return entry[k] && entry[k].IsScalar() ? entry[k].Scalar() : std::string("?"); };
      e.label = "edge " + text("a") + " - " + text("b");
      about(e.label, [&] {
        ConfigSection s(doc_.get(), entry, key);
        const ParamValues v = read_params(s, edge_schema(), 1e9);
        e.a = resolve(s.raw("a"), s.key_path("a"));
        e.b = resolve(s.raw("b"), s.key_path("b"));
        for (auto [end, port_key] : {std::pair<EdgeEnd*, const char*>{&e.a, "a_port"}, {&e.b, "b_port"}}) {
          if (v.automatic(port_key)) continue;
          if (end->port) s.fail(port_key, "the port is already given in the name (" + end->key + ")");
          end->port = static_cast<uint32_t>(v.whole(port_key));
          end->where = v.get(port_key).where;
          end->key = s.key_path(port_key);
        }
        if (!v.automatic("length")) e.length_m = v.number("length");
        e.link_class = read_class(s, v, config_, "link_class", true);
        s.finish();
      });
    } else {
      fail(entry, key, "an edge is [a, b] or a map {a, b, a_port, b_port, link_class, length}");
    }
    const GraphNode& a = nodes_[e.a.node].node;
    const GraphNode& b = nodes_[e.b.node].node;
    if (e.a.node == e.b.node) fail(entry, key, "joins " + a.name + " to itself (" + e.label + ")");
    if (a.role == NodeRole::Endpoint && b.role == NodeRole::Endpoint) {
      fail(entry, key, "joins two endpoints; endpoints meet through a switch (" + e.label + ")");
    }
    ++nodes_[e.a.node].ends;
    ++nodes_[e.b.node].ends;
    edges_.push_back(std::move(e));
  }

  // Port counts, then the ends without a port: each takes its node's lowest port that no edge names,
  // in edge order (so adding an explicit port elsewhere never moves another edge's port).
  void number_ports() {
    std::map<std::pair<uint32_t, uint32_t>, const FileEdge*> named;  // (node, port) -> the edge naming it
    for (FileNode& n : nodes_) {
      const std::string& name = n.node.name;
      if (n.ends == 0) {
        throw ConfigError(n.where + ": key '" + n.key + "': " + role_name(n.node.role) + " '" + name +
                          "' has no edge (every node needs at least one link)");
      }
      if (n.auto_ports) {
        n.node.ports = n.ends;
      } else if (n.ends > n.node.ports) {
        throw ConfigError(n.where + ": key '" + n.key + "': node '" + name + "' has ports: " +
                          std::to_string(n.node.ports) + " but " + std::to_string(n.ends) + " edge ends");
      }
      if (n.node.role == NodeRole::Endpoint && n.node.ports != kEndpointPorts) {
        throw ConfigError(n.where + ": key '" + n.key + "': endpoint '" + name + "' has " + std::to_string(n.ends) +
                          " edges; endpoints have " + std::to_string(kEndpointPorts) +
                          " port for now (multi-port endpoints are coming with the network interface, issue 13)");
      }
    }
    for (const FileEdge& e : edges_) {
      for (const EdgeEnd* end : {&e.a, &e.b}) {
        if (!end->port) continue;
        const FileNode& n = nodes_[end->node];
        if (*end->port >= n.node.ports) {
          throw ConfigError(end->where + ": key '" + end->key + "': port " + std::to_string(*end->port) + " of '" +
                            n.node.name + "' does not exist: it has " + std::to_string(n.node.ports) + " ports (" +
                            (n.auto_ports ? "auto: one per edge end; give ports: to leave some unused" : "ports: given") +
                            ", numbered from 0) (" + e.label + ")");
        }
        auto [it, fresh] = named.emplace(std::make_pair(end->node, *end->port), &e);
        if (!fresh) {
          throw ConfigError(end->where + ": key '" + end->key + "': port " + n.node.name + "." +
                            std::to_string(*end->port) + " is bound twice: also by " + it->second->label + " at " +
                            it->second->where + " (" + e.label + ")");
        }
      }
    }
    std::vector<uint32_t> next(nodes_.size(), 0);
    for (FileEdge& e : edges_) {
      for (EdgeEnd* end : {&e.a, &e.b}) {
        if (end->port) continue;
        uint32_t& p = next[end->node];
        while (named.count({end->node, p})) ++p;
        end->port = p++;
      }
    }
  }

  GraphFile build() {
    bool any_endpoint = false;
    for (const FileNode& n : nodes_) any_endpoint = any_endpoint || n.node.role == NodeRole::Endpoint;
    if (!any_endpoint) throw ConfigError(doc_->name() + ": key 'nodes': no node has role: endpoint");
    GraphFile out;
    out.path = doc_->name();
    FabricGraph& g = out.graph;
    for (const FileNode& n : nodes_) g.add_node(n.node);
    std::vector<std::vector<uint8_t>> bound(nodes_.size());
    for (size_t v = 0; v < nodes_.size(); ++v) bound[v].assign(nodes_[v].node.ports, 0);
    for (const FileEdge& e : edges_) {
      g.connect({e.a.node, *e.a.port}, {e.b.node, *e.b.port}, e.link_class, e.length_m);
      bound[e.a.node][*e.a.port] = bound[e.b.node][*e.b.port] = 1;
    }
    // Ports a switch was given beyond its edges are spare radix (endpoints have exactly their edges).
    for (uint32_t v = 0; v < nodes_.size(); ++v) {
      for (uint32_t p = 0; p < nodes_[v].node.ports; ++p) {
        if (!bound[v][p]) g.mark_unused({v, p});
      }
    }
    check_reachable(g);
    try {
      g.validate();  // what the checks above do not cover, as the graph itself states it
    } catch (const GraphError& e) {
      throw ConfigError(out.path + ": " + e.what());
    }
    return out;
  }

  // Every endpoint reaches the first one through switches (an endpoint is no transit node); the error
  // names the unreachable endpoints and where the first is written.
  void check_reachable(const FabricGraph& g) const {
    const uint32_t first = g.endpoints().at(0);
    std::vector<uint8_t> seen(g.nodes().size(), 0);
    std::vector<uint32_t> frontier{first};
    seen[first] = 1;
    while (!frontier.empty()) {
      const uint32_t v = frontier.back();
      frontier.pop_back();
      if (v != first && g.is_endpoint(v)) continue;
      for (uint32_t p = 0; p < g.node(v).ports; ++p) {
        const PortAttachment& a = g.attachment({v, p});
        if (a.state != PortAttachment::State::Bound || seen[a.peer.node]) continue;
        seen[a.peer.node] = 1;
        frontier.push_back(a.peer.node);
      }
    }
    std::vector<uint32_t> lost;
    for (uint32_t e : g.endpoints()) {
      if (!seen[e]) lost.push_back(e);
    }
    if (lost.empty()) return;
    std::string names;
    for (size_t i = 0; i < lost.size() && i < 8; ++i) names += (i ? ", " : "") + g.node(lost[i]).name;
    if (lost.size() > 8) names += " and " + std::to_string(lost.size() - 8) + " more";
    const FileNode& n = nodes_[lost[0]];
    throw ConfigError(n.where + ": key '" + n.key + "': endpoint '" + n.node.name + "' cannot reach '" +
                      g.node(first).name + "' through switches; unreachable: " + names);
  }

  std::shared_ptr<ConfigDocument> doc_;
  const FabricConfig& config_;
  std::vector<FileNode> nodes_;
  std::map<std::string, uint32_t> index_;  // name -> node
  std::vector<FileEdge> edges_;
};

// The graph file named by topology.file, read and checked against the config's classes. A path is
// relative to the configuration's directory (as hbm.profile is).
GraphFile load_graph_file(const FabricConfig& config) {
  if (!config.document) throw std::logic_error("graph_file: the config carries no document to find its file from");
  const ConfigSection topology = config.document->root().section("topology");
  std::filesystem::path path(config.topology.values.text("file"));
  if (path.is_relative()) path = std::filesystem::path(config.document->name()).parent_path() / path;
  std::shared_ptr<ConfigDocument> document;
  try {
    document = ConfigDocument::load_file(path.string());
  } catch (const ConfigError& e) {
    topology.fail("file", std::string(e.what()) + " (a graph file's path is relative to this configuration's directory)");
  }
  return GraphFileReader(document, config).read();
}

void read(const ConfigSection& topology, const ConfigSection&, FabricConfig& config) {
  config.topology.values = read_params(topology, schema(), config.fabric.clock_hz);
  topology.finish();
}

// The file itself is read here, once the classes are known; the endpoints must be as many as the file's.
void check(FabricConfig& config, const ConfigSection& sw) {
  const GraphFile file = load_graph_file(config);
  const FabricGraph& g = file.graph;
  const uint32_t endpoints = static_cast<uint32_t>(g.endpoints().size());
  if (endpoints != config.fabric.endpoints) {
    config.document->root().section("fabric").fail(
        "endpoints", std::to_string(config.fabric.endpoints) + " endpoints, but " + file.path + " has " +
                         std::to_string(endpoints) + " endpoint nodes (from '" + g.node(g.endpoints().front()).name +
                         "' to '" + g.node(g.endpoints().back()).name + "'); set fabric.endpoints: " +
                         std::to_string(endpoints));
  }
  check_switched(config, sw);
}

GeneratedFabric generate(const FabricConfig& config) {
  GeneratedFabric out;
  out.graph = load_graph_file(config).graph;
  route_on_graph(config, out);
  return out;
}

const Schema* schema_ptr() { return &schema(); }

}  // namespace

SNSIM_REGISTER_TOPOLOGY({"graph_file", "Any wiring of endpoints and switches, read from a YAML or JSON file of named nodes and edges", &schema_ptr, &read, &generate, false, &check});

}  // namespace snsim
