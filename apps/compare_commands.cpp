#include "apps/compare_commands.h"

#include <fstream>
#include <iostream>

#include "models/core/config.h"
#include "models/sim/compare.h"
#include "models/sim/golden.h"

namespace snsim::cli {
namespace {

std::string standard_tolerances(const std::string& configs_dir) { return configs_dir + "/compare/tolerances.yml"; }

// Exit status: 0 within tolerance, 1 beyond, 2 bad input (a file that is not a report, a bad tolerances file).
int cmd_compare(const CompareCommands& c, const std::string& configs_dir) {
  try {
    const Tolerances t = load_tolerances(standard_tolerances(configs_dir), c.tolerances);
    const Digest a = load_digest(c.a), b = load_digest(c.b);
    const Comparison result = compare(a, b, t);
    print_comparison(std::cout, result, c.a, c.b, c.all_changes);
    if (!c.json_file.empty()) {
      std::ofstream out(c.json_file);
      out << comparison_json(result).dump(2) << "\n";
      if (!out) throw CompareInputError("cannot write " + c.json_file);
    }
    return result.within_tolerance() ? 0 : 1;
  } catch (const CompareInputError& e) {
    std::cerr << "snsim: error: " << e.what() << "\n";
  } catch (const ConfigError& e) {
    std::cerr << "snsim: error: " << e.what() << "\n";
  }
  return 2;
}

int cmd_golden(const CompareCommands& c, const std::string& configs_dir) {
  Tolerances t;
  try {
    t = load_tolerances(standard_tolerances(configs_dir), c.golden_tolerances);
  } catch (const ConfigError& e) {
    std::cerr << "snsim: error: " << e.what() << "\n";
    return 2;
  }
  GoldenRequest request;
  request.dir = c.golden_dir;
  request.configs_dir = configs_dir;
  request.configs = c.golden_configs;
  request.jobs = c.jobs;
  request.update = c.golden_update->parsed();
  bool all_pass = true;
  for (const GoldenOutcome& o : run_goldens(request, t, std::cout)) {
    all_pass = all_pass && (request.update ? o.status != GoldenOutcome::Status::Failed : o.passes());
  }
  return all_pass ? 0 : 1;
}

}  // namespace

void add_compare_commands(CLI::App& app, CompareCommands& c, const std::string& golden_dir) {
  c.compare = app.add_subcommand("compare", "Compare two results: the metrics that moved beyond tolerance, then the "
                                            "components that moved most (exit 0 within tolerance, 1 beyond, 2 bad input)");
  c.compare->add_option("a", c.a, "Result A (snsim run --json, snsim sweep --json, or a golden result)")->required();
  c.compare->add_option("b", c.b, "Result B, of the same kind")->required();
  c.compare->add_option("--tolerances", c.tolerances,
                        "YAML file of tolerances overriding configs/compare/tolerances.yml entry by entry");
  c.compare->add_option("--json", c.json_file, "Write everything compare found as JSON to FILE");
  c.compare->add_flag("--all", c.all_changes, "List metrics that changed within tolerance too");

  c.golden_dir = golden_dir;
  c.golden = app.add_subcommand("golden", "Golden results (tests/golden/): rerun the configs and check or rewrite them");
  c.golden->require_subcommand(1);
  c.golden_update = c.golden->add_subcommand("update", "Rerun and rewrite the golden results, printing every change");
  c.golden_check = c.golden->add_subcommand("check", "Rerun and compare with the golden results (exit 1 if any is beyond tolerance or missing)");
  for (CLI::App* sub : {c.golden_update, c.golden_check}) {
    sub->add_option("configs", c.golden_configs, "Configs to rerun (default: every validation config, preset, example "
                                                 "and configs/default.yaml)");
    sub->add_option("--dir", c.golden_dir, "Directory of the golden results")->capture_default_str();
    sub->add_option("--tolerances", c.golden_tolerances, "YAML file of tolerances (as for compare)");
    sub->add_option("--jobs,-j", c.jobs, "Configs run in parallel (results do not depend on it)")->check(CLI::Range(1u, 256u));
  }
}

std::optional<int> run_compare_commands(const CompareCommands& c, const std::string& configs_dir) {
  if (c.compare && c.compare->parsed()) return cmd_compare(c, configs_dir);
  if (c.golden && c.golden->parsed()) return cmd_golden(c, configs_dir);
  return std::nullopt;
}

}  // namespace snsim::cli
