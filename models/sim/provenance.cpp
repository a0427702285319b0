#include "models/sim/provenance.h"

#include "models/sim/report_hash.h"
#include "models/sim/version.h"

namespace snsim {
namespace {

// Scalars keep their text (so "1us" and "1000ns" differ: the hash is of what was written); maps become
// JSON objects, whose keys nlohmann::json keeps sorted.
nlohmann::json yaml_to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar: return node.Scalar();
    case YAML::NodeType::Sequence: {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& item : node) list.push_back(yaml_to_json(item));
      return list;
    }
    case YAML::NodeType::Map: {
      nlohmann::json map = nlohmann::json::object();
      for (const auto& entry : node) map[entry.first.as<std::string>()] = yaml_to_json(entry.second);
      return map;
    }
    default: return nullptr;
  }
}

// A key set to nothing (`simulation:` or `{}`) reads as the key left out: drop both, so that they hash alike.
void prune(nlohmann::json& map) {
  for (auto it = map.begin(); it != map.end();) {
    if (it->is_object()) prune(*it);
    if (it->is_null() || (it->is_object() && it->empty())) {
      it = map.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace

std::string config_hash(const ConfigDocument& document) {
  nlohmann::json resolved = yaml_to_json(document.root().node());
  if (resolved.contains("simulation") && resolved["simulation"].is_object()) resolved["simulation"].erase("seed");
  if (resolved.is_object()) prune(resolved);
  return fnv1a_hex(resolved.dump());
}

nlohmann::json provenance(const FabricConfig& config) {
  return {{"snsim_version", snsim_version()}, {"config_hash", config_hash(*config.document)}};
}

}  // namespace snsim
