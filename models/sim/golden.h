// Golden results (tests/golden/): for each validation config, preset (not large/), example and the
// default fabric, the digest of its run (compare_input.h) as a small JSON file a reviewer can read, one
// metric or component per line, doubles rounded (metrics to 6, component values to 4 significant digits)
// so that a change too small to matter does not touch the file. `snsim golden check` reruns each config
// and compares with its file through the same compare code and tolerances as `snsim compare`;
// `snsim golden update` rewrites the files on purpose and prints every change.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "models/sim/compare.h"

namespace snsim {

// The configs that have golden results, sorted: validation/*.yaml, presets/*.yaml, default.yaml and
// examples/*.yaml under `configs_dir`.
std::vector<std::string> golden_config_files(const std::string& configs_dir);

// "validation/hol_fifo_16.yaml" under `configs_dir` -> "validation__hol_fifo_16.json"; a config elsewhere
// is named by its file name ("my_fabric.json").
std::string golden_file_name(const std::string& config_path, const std::string& configs_dir);

// The golden digest of a run report: rounded, with provenance naming the config relative to the
// repository ("configs/..."), never by an absolute path of this machine.
Digest golden_digest(const nlohmann::json& report, const std::string& config_label);
// The file's text.
std::string golden_text(const Digest& golden);

struct GoldenRequest {
  std::string dir;                   // where the golden files are
  std::string configs_dir;           // the repository's configs/ (names, and the default list)
  std::vector<std::string> configs;  // empty: golden_config_files(configs_dir)
  unsigned jobs = 2;                 // runs in parallel
  bool update = false;               // false: check
};

struct GoldenOutcome {
  std::string config, file;
  // new: no file before (update writes it, check fails); unchanged: the file already says this;
  // changed: the results or the config hash differ; failed: the config did not load or run.
  enum class Status { New, Unchanged, Changed, Failed } status = Status::Failed;
  Comparison comparison;  // file against this run, when there was a file
  std::string error;
  bool passes() const;  // check: unchanged, or changed within tolerance
};

// Runs the configs (jobs at a time, each in its own process), compares each with its golden file,
// prints what it found on `out`, and with `update` writes the files whose content changed.
std::vector<GoldenOutcome> run_goldens(const GoldenRequest& request, const Tolerances& tolerances, std::ostream& out);

}  // namespace snsim
