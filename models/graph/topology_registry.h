// Topology generators, registered by name. Each kind is one file under models/graph/topologies/ that
// registers itself (SNSIM_REGISTER_TOPOLOGY) with its parameter schema (the keys of the `topology`
// section when `fabric.topology` names it), a reader that validates those keys against the rest of the
// config, and a generator that turns the validated config into a fabric graph with its routing. No other
// code compares topology names: the config reader, `snsim list`, the model reference and the fabric
// builder all go through this registry.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "models/core/config.h"
#include "models/core/params.h"
#include "models/graph/fabric_graph.h"
#include "models/link/link.h"
#include "models/router/routing.h"

namespace snsim {

struct FabricConfig;
class PhasedTableRouting;
struct Topology;
class GraphRoutes;

// What a generator gives the builder: the graph, the routing over its switches (router index = index
// in graph.switches(), ports numbered as in the graph), link classes it derives itself (e.g. the on-chip
// links of a direct fabric), and, for an optical circuit switch schedule, its phases.
struct GeneratedFabric {
  FabricGraph graph;
  std::unique_ptr<RoutingFunction> routing;
  std::map<std::string, LinkParams> link_classes;  // used by the graph's edges, besides the config's
  // OCS schedule (adjacency with ocs_phases): the phased routing (owned by `routing`), when each phase
  // after the first starts, and how long a reconfiguration takes.
  PhasedTableRouting* ocs_routing = nullptr;
  std::vector<uint64_t> ocs_phase_starts;
  uint64_t ocs_reconfiguration = 0;
  // Whether routers sit next to their endpoints on the same chip (switch-less fabrics): the report
  // calls them routers, and the injection rate is the on-chip link's.
  bool direct = false;
  // Switched fabrics: the shortest-path table their routing chooses from (the builder makes one if the
  // generator did not, to check the routing's channel dependencies).
  std::shared_ptr<const GraphRoutes> routes;
  // The direct fabric's geometry, which its routing functions refer to.
  std::shared_ptr<const Topology> grid;
};

struct TopologyGenerator {
  std::string name;
  std::string summary;  // one line for `snsim list`
  // The keys of the `topology` section for this kind (null: the kind takes no section).
  const Schema* (*schema)() = nullptr;
  // Reads and validates the `topology` section into config.topology; may check other sections of
  // `config` that are already read (fabric, simulation). `fabric` is the fabric section, for errors
  // about fabric keys.
  void (*read)(const ConfigSection& topology, const ConfigSection& fabric, FabricConfig& config) = nullptr;
  GeneratedFabric (*generate)(const FabricConfig& config) = nullptr;
  // Routers with one endpoint each (switch-less fabrics): their ports follow from the topology, the
  // routing's VC use is theirs (no message classes), and `topology.local_*` sets the on-chip links.
  bool direct = false;
  // Checks against the switch section once the whole config is read, and resolves what follows from the
  // topology (e.g. switch.ports: auto); errors name keys of `switch_section`. Null: nothing to check.
  void (*check)(FabricConfig& config, const ConfigSection& switch_section) = nullptr;
};

// Registers a generator; a second one of the same name is a programming error (aborts at start-up).
bool register_topology(TopologyGenerator generator);
// Null when no generator of that name exists.
const TopologyGenerator* find_topology(const std::string& name);
// Every generator, by name.
std::vector<const TopologyGenerator*> topology_generators();
std::vector<std::string> topology_names();

#define SNSIM_TOPOLOGY_CONCAT2(a, b) a##b
#define SNSIM_TOPOLOGY_CONCAT(a, b) SNSIM_TOPOLOGY_CONCAT2(a, b)
// In a generator's file, at namespace scope: SNSIM_REGISTER_TOPOLOGY({"name", "summary", schema, read, generate});
#define SNSIM_REGISTER_TOPOLOGY(...) \
  static const bool SNSIM_TOPOLOGY_CONCAT(snsim_topology_registered_, __LINE__) = ::snsim::register_topology(__VA_ARGS__)

}  // namespace snsim
