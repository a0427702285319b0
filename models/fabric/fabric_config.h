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
#include "models/link/link.h"
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

struct SimulationSettings {
  uint64_t seed = 1;
  uint64_t warmup = 0;
  uint64_t measure = 0;
  bool drain_all = false;  // after the window: stop generating and deliver everything
  uint64_t drain_limit = 0;
};

// XON/XOFF of a receive buffer in pause mode (flits per VC), derived from the link's round trip.
struct PauseThresholds {
  uint32_t xoff = 0;
  uint32_t xon = 0;
};

struct FabricConfig {
  std::shared_ptr<ConfigDocument> document;
  FabricSettings fabric;
  SimulationSettings simulation;
  LinkParams link;
  SwitchParams switch_params;
  EndpointParams endpoint;
  Workload workload;
  PauseThresholds switch_pause, endpoint_pause;  // used when link.flow_control is pause
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
