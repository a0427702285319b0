#include "models/graph/fabric_graph.h"

#include <deque>
#include <unordered_set>

namespace snsim {

const char* role_name(NodeRole role) {
  switch (role) {
    case NodeRole::Endpoint:
      return "endpoint";
    case NodeRole::Switch:
      return "switch";
    case NodeRole::Router:
      return "router";
  }
  return "?";
}

uint32_t FabricGraph::add_node(GraphNode node) {
  const uint32_t id = static_cast<uint32_t>(nodes_.size());
  std::vector<uint32_t>& list = node.role == NodeRole::Endpoint ? endpoints_ : switches_;
  role_index_.push_back(static_cast<uint32_t>(list.size()));
  list.push_back(id);
  ports_.emplace_back(node.ports);
  nodes_.push_back(std::move(node));
  return id;
}

uint32_t FabricGraph::add_endpoint(std::string name, uint32_t ports, NodeTags tags) {
  GraphNode n;
  n.name = std::move(name);
  n.role = NodeRole::Endpoint;
  n.ports = ports;
  n.tags = std::move(tags);
  return add_node(std::move(n));
}

uint32_t FabricGraph::add_switch(std::string name, uint32_t ports, NodeRole role, NodeTags tags,
                                 std::string switch_class) {
  GraphNode n;
  n.name = std::move(name);
  n.role = role;
  n.ports = ports;
  n.tags = std::move(tags);
  n.switch_class = std::move(switch_class);
  return add_node(std::move(n));
}

std::string FabricGraph::port_name(PortRef port) const {
  const std::string node = port.node < nodes_.size() ? nodes_[port.node].name : "node#" + std::to_string(port.node);
  return node + ".port" + std::to_string(port.port);
}

PortAttachment& FabricGraph::slot(PortRef port, const char* what) {
  static PortAttachment nowhere;
  if (port.node >= nodes_.size() || port.port >= ports_[port.node].size()) {
    binding_errors_.push_back(port_name(port) + " does not exist (" + what + ")");
    nowhere = PortAttachment();
    return nowhere;
  }
  PortAttachment& a = ports_[port.node][port.port];
  if (a.state != PortAttachment::State::Unbound) {
    binding_errors_.push_back(port_name(port) + " is bound twice (" + what + ")");
  }
  return a;
}

uint32_t FabricGraph::connect(PortRef a, PortRef b, std::string link_class, std::optional<double> length_m) {
  const uint32_t id = static_cast<uint32_t>(edges_.size());
  const std::string what = "edge " + port_name(a) + " - " + port_name(b);
  if (a.node == b.node) binding_errors_.push_back(what + " is a self-loop");
  PortAttachment& sa = slot(a, what.c_str());
  sa = {PortAttachment::State::Bound, id, b};
  PortAttachment& sb = slot(b, what.c_str());
  sb = {PortAttachment::State::Bound, id, a};
  edges_.push_back({a, b, std::move(link_class), length_m});
  return id;
}

void FabricGraph::mark_unused(PortRef port) {
  PortAttachment& a = slot(port, "marked unused");
  a.state = PortAttachment::State::Unused;
}

void FabricGraph::validate() const {
  std::vector<std::string> errors = binding_errors_;
  auto add = [&](const std::string& e) {
    if (errors.size() < 8) errors.push_back(e);
  };
  if (endpoints_.empty()) add("the fabric has no endpoints");
  std::unordered_set<std::string> names;
  for (const GraphNode& n : nodes_) {
    if (n.name.empty()) add("a " + std::string(role_name(n.role)) + " has no name");
    if (!names.insert(n.name).second) add("two nodes are named '" + n.name + "'");
    if (n.ports == 0) add(n.name + " has no ports");
  }
  for (uint32_t v = 0; v < nodes_.size(); ++v) {
    for (uint32_t p = 0; p < ports_[v].size(); ++p) {
      const PortAttachment& a = ports_[v][p];
      if (a.state == PortAttachment::State::Unbound) add(port_name({v, p}) + " is not bound to any edge");
      if (a.state == PortAttachment::State::Unused && is_endpoint(v)) {
        add(port_name({v, p}) + ": an endpoint's ports must all be wired");
      }
    }
  }
  for (const GraphEdge& e : edges_) {
    if (e.a.node < nodes_.size() && e.b.node < nodes_.size() && is_endpoint(e.a.node) && is_endpoint(e.b.node)) {
      add("edge " + port_name(e.a) + " - " + port_name(e.b) + " joins two endpoints (endpoints meet through a switch or router)");
    }
  }
  if (!errors.empty()) {
    std::string message = "invalid fabric graph: " + errors[0];
    for (size_t i = 1; i < errors.size(); ++i) message += "; " + errors[i];
    throw GraphError(message);
  }
  // Every endpoint reaches every other: from endpoint 0, through switches only (an endpoint is not a
  // transit node), all endpoints are found. Edges are bidirectional, so this is enough.
  std::vector<uint8_t> seen(nodes_.size(), 0);
  std::deque<uint32_t> frontier{endpoints_[0]};
  seen[endpoints_[0]] = 1;
  while (!frontier.empty()) {
    const uint32_t v = frontier.front();
    frontier.pop_front();
    if (is_endpoint(v) && v != endpoints_[0]) continue;
    for (const PortAttachment& a : ports_[v]) {
      if (a.state != PortAttachment::State::Bound || seen[a.peer.node]) continue;
      seen[a.peer.node] = 1;
      frontier.push_back(a.peer.node);
    }
  }
  std::vector<std::string> unreachable;
  size_t missing = 0;
  for (uint32_t e : endpoints_) {
    if (seen[e]) continue;
    if (unreachable.size() < 5) unreachable.push_back(nodes_[e].name);
    ++missing;
  }
  if (missing) {
    std::string list = unreachable[0];
    for (size_t i = 1; i < unreachable.size(); ++i) list += ", " + unreachable[i];
    if (missing > unreachable.size()) list += " and " + std::to_string(missing - unreachable.size()) + " more";
    throw GraphError("invalid fabric graph: " + std::to_string(missing) + " endpoint" + (missing > 1 ? "s" : "") +
                     " cannot be reached from " + nodes_[endpoints_[0]].name + ": " + list);
  }
}

}  // namespace snsim
