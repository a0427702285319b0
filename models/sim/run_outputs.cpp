#include "models/sim/run_outputs.h"

#include <filesystem>
#include <sstream>

#include "models/sim/report.h"
#include "models/trace/waveform.h"

namespace snsim {
namespace {

using nlohmann::json;

std::string text_of(const json& j) { return j.dump(2) + "\n"; }

template <typename Write>
std::string table(Write write, const json& data) {
  std::ostringstream out;
  write(out, data);
  return out.str();
}

}  // namespace

std::string csv_sibling(const std::string& csv, const std::string& suffix) {
  std::filesystem::path p(csv);
  return (p.parent_path() / (p.stem().string() + suffix)).string();
}

RunOutputs::RunOutputs(const OutputRequest& request, const FabricConfig& config, RunOptions& options)
    : set_({request.config}) {
  if (!request.json.empty()) json_ = &set_.add("--json", request.json, OutputKind::kStreamable);
  if (!request.csv.empty()) {
    // Tables with siblings: a stream could not carry them, so these are regular files.
    runs_ = &set_.add("--csv", request.csv, OutputKind::kRegular);
    links_ = &set_.add("--csv (links table)", csv_sibling(request.csv, ".links.csv"), OutputKind::kRegular);
    queues_ = &set_.add("--csv (queues table)", csv_sibling(request.csv, ".queues.csv"), OutputKind::kRegular);
    if (config.workload.memory.enabled) {
      channels_ = &set_.add("--csv (HBM channels table)", csv_sibling(request.csv, ".hbm_channels.csv"), OutputKind::kRegular);
      accelerators_ =
          &set_.add("--csv (accelerators table)", csv_sibling(request.csv, ".accelerators.csv"), OutputKind::kRegular);
    }
  }
  TraceOptions& trace = options.trace;
  for (const auto& [role, path] : {std::pair<std::string, std::string>{"--vcd", request.vcd}, {"--fst", request.fst}}) {
    if (path.empty()) continue;
    trace.write_paths[path] = set_.add(role, path, OutputKind::kRegular).write_path();
    const std::string layout = layout_path(path);
    trace.write_paths[layout] = set_.add(role + " (GTKWave layout)", layout, OutputKind::kRegular).write_path();
  }
  if (!request.capture.empty()) {
    options.capture_switch = set_.add("--capture-switch", request.capture, OutputKind::kStreamable).write_path();
    options.capture_switch_name = request.capture;
  }
}

void RunOutputs::commit(const json& report) {
  if (json_) json_->write(text_of(report));
  if (runs_) runs_->write(table(write_runs_csv, json::array({report})));
  if (links_) links_->write(table(write_links_csv, report));
  if (queues_) queues_->write(table(write_queues_csv, report));
  if (channels_) channels_->write(table(write_memory_channels_csv, report));
  if (accelerators_) accelerators_->write(table(write_memory_accelerators_csv, report));
  set_.commit_all();
}

SweepOutputs::SweepOutputs(const OutputRequest& request) : set_({request.config}) {
  if (!request.json.empty()) json_ = &set_.add("--json", request.json, OutputKind::kStreamable);
  if (!request.csv.empty()) runs_ = &set_.add("--csv", request.csv, OutputKind::kStreamable);
}

void SweepOutputs::commit(const json& sweep) {
  if (json_) json_->write(text_of(sweep));
  if (runs_) {
    json reports = json::array();
    for (const auto& p : sweep["points"]) {
      if (p.contains("report")) reports.push_back(p["report"]);
    }
    runs_->write(table(write_runs_csv, reports));
  }
  set_.commit_all();
}

}  // namespace snsim
