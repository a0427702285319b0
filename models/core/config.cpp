#include "models/core/config.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace snsim {
namespace {

std::string position(const std::string& file, const YAML::Mark& mark) {
  // yaml-cpp counts lines and columns from 0; editors count from 1.
  return file + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::shared_ptr<ConfigDocument> ConfigDocument::load_string(const std::string& text, const std::string& name) {
  auto doc = std::make_shared<ConfigDocument>();
  doc->name_ = name;
  try {
    doc->root_ = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    throw ConfigError(position(name, e.mark) + ": YAML syntax error: " + e.msg);
  }
  if (!doc->root_.IsDefined() || doc->root_.IsNull()) {
    throw ConfigError(name + ":1:1: the configuration is empty (expected a map of sections)");
  }
  if (!doc->root_.IsMap()) {
    throw ConfigError(position(name, doc->root_.Mark()) + ": the top level must be a map of sections");
  }
  return doc;
}

std::shared_ptr<ConfigDocument> ConfigDocument::load_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError(path + ": cannot open the configuration file");
  std::stringstream text;
  text << in.rdbuf();
  return load_string(text.str(), path);
}

void ConfigDocument::apply_override(const std::string& assignment) {
  size_t eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw ConfigError("--set " + assignment + ": expected KEY=VALUE with a dotted KEY, e.g. workload.load=0.5");
  }
  std::string path = assignment.substr(0, eq);
  std::string value_text = assignment.substr(eq + 1);
  YAML::Node value;
  try {
    value = YAML::Load(value_text);
  } catch (const YAML::ParserException& e) {
    throw ConfigError("--set " + assignment + ": value is not valid YAML: " + e.msg);
  }
  std::vector<std::string> keys;
  std::stringstream split(path);
  for (std::string part; std::getline(split, part, '.');) {
    if (part.empty()) throw ConfigError("--set " + assignment + ": empty key component in '" + path + "'");
    keys.push_back(part);
  }
  // Walk with fresh handles; yaml-cpp's operator[] on a map creates the entry when assigned.
  std::vector<YAML::Node> chain{root_};
  std::string walked;
  for (size_t i = 0; i + 1 < keys.size(); ++i) {
    walked += (walked.empty() ? "" : ".") + keys[i];
    YAML::Node next = chain.back()[keys[i]];
    if (next.IsDefined() && !next.IsNull() && !next.IsMap()) {
      throw ConfigError("--set " + assignment + ": key '" + walked + "' is a value, not a section");
    }
    if (!next.IsDefined() || next.IsNull()) {
      chain.back()[keys[i]] = YAML::Node(YAML::NodeType::Map);
      next = chain.back()[keys[i]];
    }
    chain.push_back(next);
  }
  chain.back()[keys.back()] = value;
  overrides_[path] = assignment;
}

ConfigSection ConfigDocument::root() const { return ConfigSection(this, root_, ""); }

std::string ConfigDocument::location(const YAML::Node& node, const std::string& path) const {
  // Nodes made by an override carry no mark; name the override (or the one of an enclosing path).
  // Imported nodes carry the mark of the document they came from.
  std::string file = name_;
  for (std::string p = path;;) {
    auto it = overrides_.find(p);
    if (it != overrides_.end()) return "--set " + it->second;
    auto imported = imported_.find(p);
    if (imported != imported_.end() && file == name_) file = imported->second;
    size_t dot = p.rfind('.');
    if (dot == std::string::npos) break;
    p = p.substr(0, dot);
  }
  if (node.IsDefined() && !node.Mark().is_null()) return position(file, node.Mark());
  return file;
}

void ConfigDocument::import_defaults(const std::string& path, const ConfigDocument& other, const YAML::Node& from) {
  std::vector<std::string> keys;
  std::stringstream split(path);
  for (std::string k; std::getline(split, k, '.');) keys.push_back(k);
  // Walk to the target map (operator[] on a non-const node creates missing maps).
  std::vector<YAML::Node> chain{root_};
  for (const auto& k : keys) chain.push_back(chain.back()[k]);
  YAML::Node target = chain.back();
  if (!from.IsMap()) return;
  if (target.IsDefined() && !target.IsNull() && !target.IsMap()) return;  // the reader reports the mismatch
  for (const auto& entry : from) {
    const std::string key = entry.first.as<std::string>();
    const std::string child = path + "." + key;
    if (!target[key].IsDefined() || target[key].IsNull()) {
      target[key] = entry.second;
      imported_[child] = other.name_;
    } else if (entry.second.IsMap() && target[key].IsMap()) {
      import_defaults(child, other, entry.second);
    }
  }
}

ConfigSection::ConfigSection(const ConfigDocument* doc, YAML::Node node, std::string path)
    : doc_(doc), node_(std::move(node)), path_(std::move(path)) {
  if (node_.IsDefined() && !node_.IsNull() && !node_.IsMap()) {
    fail_self("expected a map of keys, found " +
              std::string(node_.IsSequence() ? "a list" : "a single value"));
  }
}

bool ConfigSection::has(const std::string& key) const {
  if (!node_.IsDefined() || node_.IsNull()) return false;
  YAML::Node v = node_[key];
  return v.IsDefined() && !v.IsNull();
}

YAML::Node ConfigSection::raw(const std::string& key) const {
  known_.insert(key);
  if (!has(key)) fail_self("missing required key '" + key + "'");
  return node_[key];
}

ConfigSection ConfigSection::section(const std::string& key) const {
  known_.insert(key);
  if (!has(key)) return ConfigSection(doc_, YAML::Node(), key_path(key));
  return ConfigSection(doc_, node_[key], key_path(key));
}

std::string ConfigSection::scalar(const std::string& key) const {
  YAML::Node v = raw(key);
  if (!v.IsScalar()) fail(key, "expected a single value, found " + std::string(v.IsMap() ? "a map" : "a list"));
  return v.Scalar();
}

std::string ConfigSection::where(const std::string& key) const {
  if (has(key)) return doc_->location(node_[key], key_path(key));
  return where_self();
}

std::string ConfigSection::where_self() const { return doc_->location(node_, path_); }

void ConfigSection::fail(const std::string& key, const std::string& reason) const {
  throw ConfigError(where(key) + ": key '" + key_path(key) + "': " + reason);
}

void ConfigSection::fail_self(const std::string& reason) const {
  if (path_.empty()) throw ConfigError(where_self() + ": " + reason);
  throw ConfigError(where_self() + ": key '" + path_ + "': " + reason);
}

void ConfigSection::finish() const {
  if (!node_.IsDefined() || node_.IsNull()) return;
  for (const auto& entry : node_) {
    std::string key = entry.first.as<std::string>();
    if (known_.count(key)) continue;
    std::string allowed, suggestion;
    size_t best = 3;
    for (const auto& k : known_) {
      allowed += (allowed.empty() ? "" : ", ") + k;
      size_t d = edit_distance(key, k);
      if (d < best) best = d, suggestion = k;
    }
    std::string reason = "unknown key";
    if (!suggestion.empty()) reason += " (did you mean '" + suggestion + "'?)";
    reason += "; allowed keys here: " + (allowed.empty() ? std::string("none") : allowed);
    throw ConfigError(doc_->location(entry.first, key_path(key)) + ": key '" + key_path(key) + "': " + reason);
  }
}

}  // namespace snsim
