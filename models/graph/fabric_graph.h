// The fabric graph: what a fabric is, independent of how it is simulated. Topology generators
// (models/graph/topologies/) produce it from a config; the fabric builder (models/fabric/graph_fabric.*)
// turns any valid graph into components and links and is the only code that reads it to wire them.
//
// Nodes are endpoints (accelerators, with one or more ports), switches (stand-alone switch chips) or
// routers (a chip's on-chip router, next to its endpoint). Each has a hierarchical name
// ("pod0.rack3.npu2"), a port count and tags (tier, plane, group path) that the report aggregates by.
// An edge joins (node, port) to (node, port) and names its link class (the parameters of its two
// directed links) and, optionally, a cable length that overrides the class's. A port is bound to exactly
// one edge, or declared unused (an edge router of a mesh keeps its port numbering); validate() refuses
// anything else with the names involved.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace snsim {

class GraphError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class NodeRole : uint8_t { Endpoint, Switch, Router };
const char* role_name(NodeRole role);

struct NodeTags {
  std::string tier;                // e.g. "leaf", "spine", "l1"; empty for endpoints and single tiers
  int32_t plane = -1;              // parallel plane index, -1 when the fabric has none
  std::vector<std::string> group;  // enclosing groups, outermost first (e.g. {"pod0", "rack3"})
};

struct GraphNode {
  std::string name;          // unique, hierarchical with dots
  NodeRole role = NodeRole::Endpoint;
  uint32_t ports = 1;
  std::string switch_class;  // switches and routers: the switch class ("" = the `switch` section)
  NodeTags tags;
};

struct PortRef {
  uint32_t node = 0;
  uint32_t port = 0;
  bool operator==(const PortRef& o) const { return node == o.node && port == o.port; }
  bool operator<(const PortRef& o) const { return node != o.node ? node < o.node : port < o.port; }
};

struct GraphEdge {
  PortRef a, b;
  std::string link_class;           // "" = the `link` section
  std::optional<double> length_m;   // cable or fibre length; none = the class's own
};

// What a port is attached to.
struct PortAttachment {
  enum class State : uint8_t { Unbound, Bound, Unused } state = State::Unbound;
  uint32_t edge = 0;  // when bound
  PortRef peer;       // when bound
};

class FabricGraph {
 public:
  uint32_t add_node(GraphNode node);
  uint32_t add_endpoint(std::string name, uint32_t ports = 1, NodeTags tags = {});
  uint32_t add_switch(std::string name, uint32_t ports, NodeRole role = NodeRole::Switch, NodeTags tags = {},
                      std::string switch_class = "");
  // Joins two ports; the link class and length apply to both directions.
  uint32_t connect(PortRef a, PortRef b, std::string link_class = "", std::optional<double> length_m = std::nullopt);
  // A port that is deliberately left unwired (nothing is ever routed to it).
  void mark_unused(PortRef port);

  const std::vector<GraphNode>& nodes() const { return nodes_; }
  const std::vector<GraphEdge>& edges() const { return edges_; }
  const GraphNode& node(uint32_t id) const { return nodes_.at(id); }
  const PortAttachment& attachment(PortRef port) const { return ports_.at(port.node).at(port.port); }
  // Endpoint nodes in order: the i-th is endpoint i (a packet's destination index).
  const std::vector<uint32_t>& endpoints() const { return endpoints_; }
  // Switch and router nodes in order: the i-th is switch i (a routing function's router index).
  const std::vector<uint32_t>& switches() const { return switches_; }
  // The index of a node among the endpoints or among the switches.
  uint32_t role_index(uint32_t node) const { return role_index_.at(node); }
  bool is_endpoint(uint32_t node) const { return nodes_.at(node).role == NodeRole::Endpoint; }
  // "name.port" for messages.
  std::string port_name(PortRef port) const;

  // Refuses unbound or doubly bound ports, out-of-range ports, self-loops, duplicate names, endpoints
  // wired to endpoints, an empty fabric, and endpoints that cannot reach every other endpoint; the message
  // names what is wrong (the first few offenders).
  void validate() const;

 private:
  PortAttachment& slot(PortRef port, const char* what);

  std::vector<GraphNode> nodes_;
  std::vector<GraphEdge> edges_;
  std::vector<std::vector<PortAttachment>> ports_;  // [node][port]
  std::vector<uint32_t> endpoints_, switches_, role_index_;
  std::vector<std::string> binding_errors_;  // found while connecting, reported by validate()
};

}  // namespace snsim
