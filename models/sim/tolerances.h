// How far a metric or a component value may move before `snsim compare` flags it. A value moves beyond
// its tolerance when |B - A| > max(absolute, relative x |A|). The tolerances are a YAML file read with
// the configuration machinery (models/core/config.h: unknown keys are refused with file:line:col):
// configs/compare/tolerances.yml holds the standard ones, and a user's file given with --tolerances
// overrides the entries (or halves of entries) it sets, the others coming from the standard file. A
// `configs` section widens them for the results of particular configs whose seed-to-seed spread is
// wider than the rest's. Layers, later ones winning: the standard file's entries, its `configs` entry
// for the result's config, the user's entries, the user's `configs` entry.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "models/core/params.h"

namespace snsim {

struct Tolerance {
  double absolute = 0;
  double relative = 0;
  // The largest change allowed from `a`.
  double allowance(double a) const;
  bool allows(double a, double b) const;
};

// One complete set: a tolerance for every non-verdict metric of compare_input.h and every component
// field ("kind.field", e.g. "link.utilization").
struct ToleranceSet {
  std::map<std::string, Tolerance> metrics;
  std::map<std::string, Tolerance> components;

  // Throw std::logic_error for a name the catalogue does not know (a bug, not a user error).
  const Tolerance& metric(const std::string& base_name) const;
  const Tolerance& component(const std::string& kind_field) const;
};

struct Tolerances {
  ToleranceSet standard;
  // Config path (as under `configs:`, e.g. "examples/full_mesh_8_detour.yaml") -> the standard set with
  // that config's entries applied.
  std::map<std::string, ToleranceSet> per_config;
  size_t top = 10;     // components listed, ranked by how far they moved
  std::string source;  // the file(s) they came from, for messages

  // The set for results of `config_path`: the `configs` entry the path ends with (the longest, if
  // several do), else the standard set. `entry` receives the entry's key ("" for the standard set).
  const ToleranceSet& for_config(const std::string& config_path, std::string* entry = nullptr) const;
};

// The schema of one entry ({absolute, relative}), for the documentation and the reader.
const Schema& tolerance_schema();

// Reads `standard_path`, with the entries of `user_path` (may be empty) taking precedence. Throws
// ConfigError naming file:line:col and the key; a metric or field without a tolerance in the standard
// file is an error too, not a silent zero.
Tolerances load_tolerances(const std::string& standard_path, const std::string& user_path = "");

}  // namespace snsim
