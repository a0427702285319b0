#include "models/graph/graph_routing.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <stdexcept>

namespace snsim {
namespace {

std::map<std::string, GraphRoutingKind>& registry() {
  static std::map<std::string, GraphRoutingKind> kinds;
  return kinds;
}

}  // namespace

bool register_graph_routing(GraphRoutingKind kind) {
  if (kind.name.empty() || !kind.make || registry().count(kind.name)) {
    std::fprintf(stderr, "snsim: internal error: routing '%s' registered twice or incompletely\n", kind.name.c_str());
    std::abort();
  }
  std::string name = kind.name;
  registry().emplace(std::move(name), std::move(kind));
  return true;
}

const GraphRoutingKind* find_graph_routing(const std::string& name) {
  auto it = registry().find(name);
  return it == registry().end() ? nullptr : &it->second;
}

std::vector<std::string> graph_routing_names() {
  std::vector<std::string> names;
  for (const auto& [name, k] : registry()) names.push_back(name);
  return names;
}

std::string describe_graph_routings() {
  std::string text;
  for (const auto& [name, k] : registry()) text += (text.empty() ? "" : "; ") + name + ": " + k.summary;
  return text;
}

PortSpan GraphRoutingFunction::ports(uint32_t router, const PacketInfo& packet) const {
  PortSpan span = routes_->choices(router, packet.destination);
  if (span.size == 0) {
    throw std::logic_error("switch " + std::to_string(router) + " has no route to endpoint " +
                           std::to_string(packet.destination));
  }
  return span;
}

}  // namespace snsim
