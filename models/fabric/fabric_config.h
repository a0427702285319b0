// The whole validated configuration of one run: read once from YAML (plus --set overrides and --seed),
// every key checked, every cross-key constraint checked, before any model is built.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/core/config.h"
#include "models/core/params.h"
#include "models/endpoint/accelerator_endpoint.h"
#include "models/endpoint/traffic.h"
#include "models/hbm/hbm_config.h"
#include "models/link/link.h"
#include "models/router/routing.h"
#include "models/router/topology.h"
#include "models/switch/crossbar_switch.h"

namespace snsim {

struct FabricSettings {
  std::string name;
  std::string topology = "single_switch";
  double clock_hz = 1e9;
  uint32_t endpoints = 0;
  uint32_t vcs = 1;
  uint32_t flit_bytes = 16;
};

// A later wiring of an adjacency fabric's optical circuit switch, from `at` (cycles) on.
struct OcsPhase {
  uint64_t at = 0;
  std::vector<std::pair<uint32_t, uint32_t>> edges;
};

// The topology: its registered kind, and the direct topologies' wiring and routing.
struct TopologyGenerator;

struct TopologySettings {
  std::string kind_name = "single_switch";
  const TopologyGenerator* generator = nullptr;  // the registered kind of that name
  ParamValues values;  // the `topology` section of kinds other than the direct ones
  TopologyKind kind = TopologyKind::Torus;
  std::vector<uint32_t> dims;
  uint32_t routers = 0;  // adjacency
  std::vector<std::pair<uint32_t, uint32_t>> edges;
  RoutingAlgorithm routing = RoutingAlgorithm::DimensionOrder;
  bool datelines = true;
  double link_m = 1.0, wrap_m = 1.0;
  uint32_t block = 0;     // torus: routers per dimension of an electrically wired block (0: none)
  double block_m = 0;     // length of the optical links between blocks
  uint64_t local_latency = 1;  // cycles of the on-chip injection / ejection links
  double local_bytes_per_cycle = 0;  // their data rate; 0 = the network link's
  std::vector<OcsPhase> ocs_phases;  // adjacency: wirings after the first (`edges`, from cycle 0)
  uint64_t ocs_reconfiguration = 0;  // cycles the optical circuit switch takes to change wiring
  uint32_t twist = 0;     // 2-D torus: shift of the dimension-1 wrap links along dimension 0
};

struct SimulationSettings {
  uint64_t seed = 1;
  uint64_t warmup = 0;
  uint64_t measure = 0;
  bool drain_all = false;  // after the window: stop generating and deliver everything
  uint64_t drain_limit = 0;
  uint64_t watchdog = 0;  // cycles without a delivery, with packets in flight, that count as a deadlock (0: off)
};

// XON/XOFF of a receive buffer in pause mode (flits per VC), derived from the link's round trip.
struct PauseThresholds {
  uint32_t xoff = 0;
  uint32_t xon = 0;
};

struct FabricConfig {
  std::shared_ptr<ConfigDocument> document;
  FabricSettings fabric;
  TopologySettings topology;
  SimulationSettings simulation;
  LinkParams link;
  SwitchParams switch_params;
  EndpointParams endpoint;
  Workload workload;
  PauseThresholds switch_pause, endpoint_pause;  // used when link.flow_control is pause
  std::optional<hbm::HbmConfig> hbm;  // every accelerator's HBM stack (memory workloads only)
  // Named variants of `link` and `switch` (sections link_classes, switch_classes) that the topology's
  // edges and switches refer to; "" (no class) is the section itself.
  std::map<std::string, LinkParams> link_classes;
  std::map<std::string, SwitchParams> switch_classes;
  std::map<std::string, ConfigSection> switch_class_sections;  // for errors about a class's keys
};

const Schema& fabric_schema();
const Schema& simulation_schema();
// Every schema, for `snsim list` and the model reference.
std::vector<const Schema*> all_schemas();

// Loads, applies overrides ("a.b=v") and an optional seed, validates. Throws ConfigError.
FabricConfig load_fabric_config(const std::string& path, const std::vector<std::string>& overrides,
                                std::optional<uint64_t> seed = std::nullopt);
FabricConfig read_fabric_config(std::shared_ptr<ConfigDocument> document, std::optional<uint64_t> seed = std::nullopt);

}  // namespace snsim
