// The files `snsim run` and `snsim sweep` write, as one set (output_files.h): every path checked and
// reserved before the simulation starts, every file written to its temporary and put in place together
// at the end, or none of them.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "models/fabric/fabric_config.h"
#include "models/sim/output_files.h"
#include "models/sim/simulation.h"

namespace snsim {

struct OutputRequest {
  std::string config;   // the configuration the command reads: no output may replace it
  std::string json;     // --json
  std::string csv;      // --csv (run: also its sibling tables)
  std::string vcd;      // --vcd, run only (also its .gtkw layout)
  std::string fst;      // --fst, run only (also its .gtkw layout)
  std::string capture;  // --capture-switch, run only
};

// FILE's sibling table: "out.csv" + ".links.csv" -> "out.links.csv".
std::string csv_sibling(const std::string& csv, const std::string& suffix);

class RunOutputs {
 public:
  // Reserves every file for a run of `config` and points `options` (waveforms, capture) at the
  // temporary files. Throws OutputError.
  RunOutputs(const OutputRequest& request, const FabricConfig& config, RunOptions& options);
  // Writes the JSON report and the CSV tables, then puts every file in place.
  void commit(const nlohmann::json& report);

 private:
  OutputSet set_;
  OutputFile* json_ = nullptr;
  OutputFile* runs_ = nullptr;
  OutputFile* links_ = nullptr;
  OutputFile* queues_ = nullptr;
  OutputFile* channels_ = nullptr;
  OutputFile* accelerators_ = nullptr;
};

class SweepOutputs {
 public:
  explicit SweepOutputs(const OutputRequest& request);
  void commit(const nlohmann::json& sweep);

 private:
  OutputSet set_;
  OutputFile* json_ = nullptr;
  OutputFile* runs_ = nullptr;
};

}  // namespace snsim
