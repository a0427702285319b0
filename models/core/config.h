// The YAML configuration layer: a loaded document with command-line overrides, and sections that
// know where each of their keys came from, so every error names file:line:col and the dotted key.
#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace snsim {

// Any problem with the user's configuration. what() is one line: "<where>: key '<k>': <reason>".
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ConfigSection;

// One YAML document plus the `--set a.b.c=V` overrides applied to it.
class ConfigDocument {
 public:
  static std::shared_ptr<ConfigDocument> load_file(const std::string& path);
  static std::shared_ptr<ConfigDocument> load_string(const std::string& text, const std::string& name);

  // Applies "a.b.c=VALUE"; VALUE is parsed as YAML (so lists and maps work). Missing maps are created;
  // whether the key is allowed is decided later, when the section is read.
  void apply_override(const std::string& assignment);

  ConfigSection root() const;
  const std::string& name() const { return name_; }
  const std::map<std::string, std::string>& overrides() const { return overrides_; }

  // Location of a node: "file:line:col" for nodes from the file, "--set k=v" for overridden ones.
  std::string location(const YAML::Node& node, const std::string& path) const;

  // Fills in the keys of the map at dotted `path` that this document does not set from `from`, a map
  // of document `other` (e.g. a profile file), recursively; keys set here win. Errors about imported
  // keys then name their position in `other`.
  void import_defaults(const std::string& path, const ConfigDocument& other, const YAML::Node& from);

  // Notes the user should see (e.g. a time rounded up to whole cycles); printed on stderr.
  void add_note(const std::string& note) const { notes_.push_back(note); }
  const std::vector<std::string>& notes() const { return notes_; }

 private:
  std::string name_;
  YAML::Node root_;
  std::map<std::string, std::string> overrides_;  // dotted path -> original assignment text
  std::map<std::string, std::string> imported_;   // dotted path -> name of the document it came from
  mutable std::vector<std::string> notes_;
};

// A map node at a dotted path. Reading a key marks it as known; finish() refuses the rest.
class ConfigSection {
 public:
  ConfigSection(const ConfigDocument* doc, YAML::Node node, std::string path);

  const std::string& path() const { return path_; }
  std::string key_path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  bool has(const std::string& key) const;
  // The raw node of a key (marks it known). Throws if missing.
  YAML::Node raw(const std::string& key) const;
  // A nested section; a missing or null key gives an empty section.
  ConfigSection section(const std::string& key) const;
  // Scalar text of a key; throws a ConfigError if it is not a scalar.
  std::string scalar(const std::string& key) const;
  // Declares keys that are read by hand elsewhere, so finish() accepts them.
  void declare(const std::string& key) const { known_.insert(key); }

  std::string where(const std::string& key) const;
  std::string where_self() const;
  [[noreturn]] void fail(const std::string& key, const std::string& reason) const;
  [[noreturn]] void fail_self(const std::string& reason) const;

  // Refuses keys that were never read or declared, naming the allowed ones.
  void finish() const;
  const ConfigDocument& document() const { return *doc_; }
  const YAML::Node& node() const { return node_; }

 private:
  const ConfigDocument* doc_;
  YAML::Node node_;
  std::string path_;
  mutable std::set<std::string> known_;
};

}  // namespace snsim
