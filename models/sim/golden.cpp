#include "models/sim/golden.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "models/fabric/fabric_config.h"
#include "models/sim/isolated_run.h"
#include "models/sim/simulation.h"

namespace snsim {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Whole numbers print as such ("12", not "12.0"): counters stay exact and readable.
json tidy(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) return json(static_cast<int64_t>(v));
  return json(v);
}

std::string relative_to(const fs::path& path, const fs::path& dir) {
  std::error_code ec;
  const fs::path p = fs::weakly_canonical(path, ec), d = fs::weakly_canonical(dir, ec);
  const fs::path rel = p.lexically_relative(d);
  if (rel.empty() || *rel.begin() == "..") return "";
  return rel.generic_string();
}

std::string config_label(const std::string& config, const std::string& configs_dir) {
  const std::string rel = relative_to(config, configs_dir);
  return rel.empty() ? config : "configs/" + rel;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The child's result: the golden digest of its run, or why it has none.
json run_one(const std::string& config, const std::string& label) {
  try {
    FabricConfig fc = load_fabric_config(config, {});
    return digest_to_json(golden_digest(run_simulation(fc, RunOptions{false}), label));
  } catch (const std::exception& e) {
    return json{{"golden_error", e.what()}};
  }
}

void print_outcome(std::ostream& out, const GoldenOutcome& o, bool update) {
  out << "golden " << o.file << " (" << o.config << "): ";
  switch (o.status) {
    case GoldenOutcome::Status::Failed: out << "FAILED: " << o.error << "\n"; return;
    case GoldenOutcome::Status::New:
      out << (update ? "new, written\n" : "MISSING: no golden result; make it with `snsim golden update`\n");
      return;
    case GoldenOutcome::Status::Unchanged: out << "unchanged\n"; return;
    case GoldenOutcome::Status::Changed: break;
  }
  const Comparison& c = o.comparison;
  out << (update ? "changed, rewritten" : o.passes() ? "within tolerance" : "BEYOND TOLERANCE") << " ("
      << c.metrics_changed() << " metrics and " << c.components.size() << " component values changed)\n";
  // An update shows every change, however small; a check only what fails, unless it passes.
  if (update || !o.passes()) print_comparison(out, c, "golden " + o.file, "this run", update);
}

}  // namespace

std::vector<std::string> golden_config_files(const std::string& configs_dir) {
  std::vector<std::string> files;
  const fs::path root(configs_dir);
  if (fs::exists(root / "default.yaml")) files.push_back((root / "default.yaml").string());
  for (const char* sub : {"validation", "presets", "examples"}) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(root / sub, ec)) {  // not recursive: presets/large stays out
      if (e.is_regular_file() && e.path().extension() == ".yaml") files.push_back(e.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string golden_file_name(const std::string& config_path, const std::string& configs_dir) {
  std::string rel = relative_to(config_path, configs_dir);
  if (rel.empty()) rel = fs::path(config_path).filename().string();
  rel = fs::path(rel).replace_extension(".json").generic_string();
  std::string name;
  for (char c : rel) name += c == '/' ? std::string("__") : std::string(1, c);
  return name;
}

Digest golden_digest(const json& report, const std::string& config_label) {
  Digest d = digest_of_report(report, config_label);
  d.provenance.erase("overrides");
  d.provenance["config"] = config_label;
  round_digest(d);
  return d;
}

std::string golden_text(const Digest& golden) {
  std::ostringstream out;
  out << "{\n  \"snsim_golden\": 1,\n  \"provenance\": " << golden.provenance.dump() << ",\n  \"metrics\": {";
  const char* sep = "\n";
  for (const auto& [name, v] : golden.metrics) out << sep << "    " << json(name).dump() << ": " << v.dump(), sep = ",\n";
  out << "\n  },\n  \"components\": {";
  sep = "\n";
  for (const auto& [kind, table] : golden.components) {
    out << sep << "    " << json(kind).dump() << ": {\n      \"fields\": " << json(table.fields).dump()
        << ",\n      \"rows\": {";
    const char* row_sep = "\n";
    for (const auto& [name, values] : table.rows) {
      json row = json::array();
      for (double v : values) row.push_back(tidy(v));
      out << row_sep << "        " << json(name).dump() << ": " << row.dump();
      row_sep = ",\n";
    }
    out << "\n      }\n    }";
    sep = ",\n";
  }
  out << "\n  }\n}\n";
  return out.str();
}

bool GoldenOutcome::passes() const {
  return status == Status::Unchanged || (status == Status::Changed && comparison.within_tolerance());
}

std::vector<GoldenOutcome> run_goldens(const GoldenRequest& request, const Tolerances& tolerances, std::ostream& out) {
  const std::vector<std::string> configs =
      request.configs.empty() ? golden_config_files(request.configs_dir) : request.configs;
  std::vector<IsolatedJob> jobs;
  std::vector<GoldenOutcome> outcomes;
  for (const std::string& config : configs) {
    GoldenOutcome o;
    o.config = config_label(config, request.configs_dir);
    o.file = golden_file_name(config, request.configs_dir);
    outcomes.push_back(o);
    jobs.push_back([config, label = o.config] { return run_one(config, label); });
  }
  const std::vector<json> results = run_isolated_all(jobs, request.jobs);
  if (request.update) fs::create_directories(request.dir);
  for (size_t i = 0; i < outcomes.size(); ++i) {
    GoldenOutcome& o = outcomes[i];
    const fs::path file = fs::path(request.dir) / o.file;
    if (results[i].contains("golden_error")) {
      o.error = results[i]["golden_error"].get<std::string>();
      print_outcome(out, o, request.update);
      continue;
    }
    Digest now = digest_of_json(results[i], o.config);
    std::string text = golden_text(now);
    if (!fs::exists(file)) {
      o.status = GoldenOutcome::Status::New;
    } else {
      const Digest before = load_digest(file.string());
      // The file keeps the version that made its numbers: a newer build that finds the same results
      // leaves it alone, so updates touch only the results that changed.
      Digest same_version = now;
      if (before.provenance.contains("snsim_version")) same_version.provenance["snsim_version"] = before.provenance["snsim_version"];
      if (golden_text(same_version) == read_text(file)) {
        o.status = GoldenOutcome::Status::Unchanged;
      } else {
        o.status = GoldenOutcome::Status::Changed;
        o.comparison = compare(before, now, tolerances);
      }
    }
    if (request.update && o.status != GoldenOutcome::Status::Unchanged) {
      std::ofstream written(file);
      written << text;
      if (!written) throw std::runtime_error("cannot write " + file.string());
    }
    print_outcome(out, o, request.update);
  }
  // Files no config produces any more (a config renamed or removed) are reported, never kept silently.
  if (request.configs.empty()) {
    std::set<std::string> expected;
    for (const auto& o : outcomes) expected.insert(o.file);
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(request.dir, ec)) {
      const std::string name = e.path().filename().string();
      if (e.path().extension() == ".json" && !expected.count(name)) {
        GoldenOutcome o;
        o.file = name;
        o.config = "no config";
        o.error = "no config makes this golden result any more; delete it";
        print_outcome(out, o, request.update);
        outcomes.push_back(o);
      }
    }
  }
  size_t counts[4] = {0, 0, 0, 0};
  size_t failing = 0;
  for (const auto& o : outcomes) ++counts[static_cast<int>(o.status)], failing += !o.passes();
  out << "golden " << (request.update ? "update" : "check") << ": " << outcomes.size() << " results in "
      << request.dir << ": " << counts[1] << " unchanged, " << counts[2] << " changed, " << counts[0] << " "
      << (request.update ? "new" : "missing") << ", " << counts[3] << " failed";
  if (request.update) {
    out << (counts[0] + counts[2] ? "; review them with `git diff " + request.dir + "`" : "") << "\n";
  } else {
    out << "; " << (failing ? std::to_string(failing) + " BEYOND TOLERANCE or missing" : "all within tolerance") << "\n";
  }
  return outcomes;
}

}  // namespace snsim
