// The commands that judge results rather than make them: `snsim compare A B` and
// `snsim golden update|check`. The logic is in models/sim/compare.h and golden.h; this is the glue.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace snsim::cli {

struct CompareCommands {
  CLI::App* compare = nullptr;
  std::string a, b, tolerances, json_file;
  bool all_changes = false;

  CLI::App* golden = nullptr;
  CLI::App* golden_update = nullptr;
  CLI::App* golden_check = nullptr;
  std::string golden_dir;
  std::vector<std::string> golden_configs;
  std::string golden_tolerances;
  unsigned jobs = 2;
};

// `configs_dir` holds configs/compare/tolerances.yml and the golden configs; `golden_dir` is the default --dir.
void add_compare_commands(CLI::App& app, CompareCommands& c, const std::string& golden_dir);
// The exit status if one of these commands was given, else nothing.
std::optional<int> run_compare_commands(const CompareCommands& c, const std::string& configs_dir);

}  // namespace snsim::cli
