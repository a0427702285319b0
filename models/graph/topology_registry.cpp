#include "models/graph/topology_registry.h"

#include <cstdio>
#include <cstdlib>

namespace snsim {
namespace {

// Function-local so that registrations from other files' static initializers find it constructed.
std::map<std::string, TopologyGenerator>& registry() {
  static std::map<std::string, TopologyGenerator> generators;
  return generators;
}

}  // namespace

bool register_topology(TopologyGenerator generator) {
  if (generator.name.empty() || !generator.generate || registry().count(generator.name)) {
    std::fprintf(stderr, "snsim: internal error: topology '%s' registered twice or incompletely\n",
                 generator.name.c_str());
    std::abort();
  }
  std::string name = generator.name;
  registry().emplace(std::move(name), std::move(generator));
  return true;
}

const TopologyGenerator* find_topology(const std::string& name) {
  auto it = registry().find(name);
  return it == registry().end() ? nullptr : &it->second;
}

std::vector<const TopologyGenerator*> topology_generators() {
  std::vector<const TopologyGenerator*> all;
  for (const auto& [name, g] : registry()) all.push_back(&g);
  return all;
}

std::vector<std::string> topology_names() {
  std::vector<std::string> names;
  for (const auto& [name, g] : registry()) names.push_back(name);
  return names;
}

}  // namespace snsim
