#include "models/sim/tolerances.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <stdexcept>

#include "models/core/config.h"
#include "models/sim/compare_input.h"

namespace snsim {
namespace {

// One file's entries: each may give absolute, relative or both.
struct Entry {
  std::optional<double> absolute, relative;
};
using Entries = std::map<std::string, Entry>;

struct Layer {
  Entries metrics, components;
  std::map<std::string, std::pair<Entries, Entries>> configs;  // key -> metrics, components
  std::optional<size_t> top;
};

Entry read_entry(const ConfigSection& entry) {
  ParamValues v = read_params(entry, tolerance_schema(), 1e9);
  entry.finish();
  Entry e;
  if (v.given("absolute")) e.absolute = v.number("absolute");
  if (v.given("relative")) e.relative = v.number("relative");
  return e;
}

// The entries of `section` for `names`; any other key is refused (unknown key, file:line:col).
Entries read_entries(const ConfigSection& section, const std::vector<std::string>& names) {
  Entries out;
  for (const std::string& name : names) {
    section.declare(name);  // so that a refusal lists every allowed name and suggests the nearest
    if (section.has(name)) out[name] = read_entry(section.section(name));
  }
  section.finish();
  return out;
}

void apply_entries(const Entries& entries, std::map<std::string, Tolerance>& set) {
  for (const auto& [name, e] : entries) {
    Tolerance& t = set[name];
    if (e.absolute) t.absolute = *e.absolute;
    if (e.relative) t.relative = *e.relative;
  }
}

std::vector<std::string> tolerated_metrics() {
  std::vector<std::string> names;
  for (const auto* list : {&run_metric_names(), &sweep_metric_names()}) {
    for (const std::string& m : *list) {
      if (!is_verdict_metric(m)) names.push_back(m);
    }
  }
  return names;
}

const Schema& top_schema() {
  static const Schema schema = {
      "components",
      "How many changed components compare lists",
      {{"top", ParamKind::Integer, "10", 0, 100000, {}, false,
        "Component values listed, those that moved furthest relative to their tolerance first",
        "a screenful: enough to see a pattern (one switch, one dimension, one HBM stack)"}},
      {}};
  return schema;
}

bool path_ends_with(const std::string& path, const std::string& key) {
  if (path == key) return true;
  return path.size() > key.size() && path.compare(path.size() - key.size(), key.size(), key) == 0 &&
         path[path.size() - key.size() - 1] == '/';
}

}  // namespace

double Tolerance::allowance(double a) const { return std::max(absolute, relative * std::fabs(a)); }

bool Tolerance::allows(double a, double b) const {
  // A tiny slack absorbs the rounding of printing and of the doubles; never a real change.
  return std::fabs(b - a) <= allowance(a) + 1e-12 * std::max(std::fabs(a), std::fabs(b));
}

const Tolerance& ToleranceSet::metric(const std::string& base_name) const {
  auto it = metrics.find(base_name);
  if (it == metrics.end()) throw std::logic_error("no tolerance for metric " + base_name);
  return it->second;
}

const Tolerance& ToleranceSet::component(const std::string& kind_field) const {
  auto it = components.find(kind_field);
  if (it == components.end()) throw std::logic_error("no tolerance for component field " + kind_field);
  return it->second;
}

const ToleranceSet& Tolerances::for_config(const std::string& config_path, std::string* entry) const {
  const ToleranceSet* best = &standard;
  std::string best_key;
  for (const auto& [key, set] : per_config) {
    if (path_ends_with(config_path, key) && key.size() > best_key.size()) best = &set, best_key = key;
  }
  if (entry) *entry = best_key;
  return *best;
}

const Schema& tolerance_schema() {
  static const Schema schema = {
      "tolerance",
      "How far one value may move: |B - A| <= max(absolute, relative x |A|)",
      {
          {"absolute", ParamKind::Real, "0", 0, 1e300, {}, false,
           "Allowed change in the metric's own unit (fraction of link bandwidth, cycles, GB/s, counts)",
           "the measured seed-to-seed spread (docs/validation.md, golden results)"},
          {"relative", ParamKind::Real, "0", 0, 1e300, {}, false, "Allowed change as a fraction of A",
           "the measured seed-to-seed spread (docs/validation.md, golden results)"},
      },
      {}};
  return schema;
}

namespace {

Layer read_layer(const ConfigDocument& doc) {
  const ConfigSection root = doc.root();
  Layer layer;
  layer.metrics = read_entries(root.section("metrics"), tolerated_metrics());
  const ConfigSection components = root.section("components");
  if (components.has("top")) layer.top = read_params(components, top_schema(), 1e9).whole("top");
  components.declare("top");
  layer.components = read_entries(components, component_field_names());
  const ConfigSection configs = root.section("configs");
  if (configs.node().IsDefined() && !configs.node().IsNull()) {
    for (const auto& item : configs.node()) {
      const std::string key = item.first.as<std::string>();
      const ConfigSection one = configs.section(key);
      layer.configs[key] = {read_entries(one.section("metrics"), tolerated_metrics()),
                            read_entries(one.section("components"), component_field_names())};
      one.finish();
    }
  }
  root.finish();
  return layer;
}

// The standard file must give every metric and field a tolerance: a missing one is an error, not zero.
void require_complete(const ConfigDocument& doc, const Layer& layer) {
  auto check = [&](const char* section, const Entries& entries, const std::vector<std::string>& names) {
    for (const std::string& name : names) {
      if (!entries.count(name)) {
        doc.root().section(section).fail_self("no tolerance for '" + name + "' (give it {absolute: A, relative: R})");
      }
    }
  };
  check("metrics", layer.metrics, tolerated_metrics());
  check("components", layer.components, component_field_names());
}

}  // namespace

Tolerances load_tolerances(const std::string& standard_path, const std::string& user_path) {
  const std::shared_ptr<ConfigDocument> standard_doc = ConfigDocument::load_file(standard_path);
  const Layer standard = read_layer(*standard_doc);
  require_complete(*standard_doc, standard);
  Layer user;
  if (!user_path.empty()) user = read_layer(*ConfigDocument::load_file(user_path));
  // Layers, later ones winning: the standard file, its `configs` entry, the user's file, its entry.
  Tolerances t;
  apply_entries(standard.metrics, t.standard.metrics);
  apply_entries(standard.components, t.standard.components);
  const ToleranceSet standard_only = t.standard;
  apply_entries(user.metrics, t.standard.metrics);
  apply_entries(user.components, t.standard.components);
  std::set<std::string> keys;
  for (const Layer* l : {&standard, static_cast<const Layer*>(&user)}) {
    for (const auto& [key, entries] : l->configs) keys.insert(key);
  }
  for (const std::string& key : keys) {
    ToleranceSet set = standard_only;
    if (standard.configs.count(key)) {
      apply_entries(standard.configs.at(key).first, set.metrics);
      apply_entries(standard.configs.at(key).second, set.components);
    }
    apply_entries(user.metrics, set.metrics);
    apply_entries(user.components, set.components);
    if (user.configs.count(key)) {
      apply_entries(user.configs.at(key).first, set.metrics);
      apply_entries(user.configs.at(key).second, set.components);
    }
    t.per_config[key] = std::move(set);
  }
  t.top = user.top ? *user.top : standard.top ? *standard.top : 10;
  t.source = user_path.empty() ? standard_path : user_path + " (over " + standard_path + ")";
  return t;
}

}  // namespace snsim
