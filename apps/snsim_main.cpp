// snsim: the command line. Parses arguments (CLI11), loads and validates the configuration, runs one
// simulation, a sweep, or only the validation, and writes the reports.
#include <CLI/CLI.hpp>
#include <systemc>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "apps/compare_commands.h"
#include "models/core/config.h"
#include "models/link/port_profile.h"
#include "models/fabric/fabric_config.h"
#include "models/fabric/switch_capture.h"
#include "models/graph/graph_routing.h"
#include "models/graph/topology_registry.h"
#include "models/sim/report.h"
#include "models/sim/simulation.h"
#include "models/sim/sweep.h"
#include "models/sim/version.h"
#ifdef SNSIM_WITH_RTL
#include "models/rtl_switch/rtl_switch_backend.h"  // switch.impl: rtl
#endif

#ifndef SNSIM_CONFIG_DIR
#define SNSIM_CONFIG_DIR "configs"
#endif
#ifndef SNSIM_GOLDEN_DIR
#define SNSIM_GOLDEN_DIR "tests/golden"
#endif

namespace {

using nlohmann::json;

struct CommonOptions {
  std::string config;
  std::vector<std::string> sets;
  std::optional<uint64_t> seed;
  std::string json_file;
  std::string csv_file;
};

void add_common(CLI::App* cmd, CommonOptions& o, bool outputs) {
  cmd->add_option("config", o.config, "Fabric configuration (YAML)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--set", o.sets, "Override a key: --set workload.load=0.5 (repeatable)")->allow_extra_args(false);
  cmd->add_option("--seed", o.seed, "Seed for every random stream (overrides simulation.seed)");
  if (outputs) {
    cmd->add_option("--json", o.json_file, "Write the report as JSON to FILE");
    cmd->add_option("--csv", o.csv_file, "Write the report as CSV to FILE (links and queues to FILE's .links.csv / .queues.csv; memory runs also "
                   ".hbm_channels.csv / .accelerators.csv)");
  }
}

void print_notes(const snsim::FabricConfig& config) {
  for (const auto& note : config.document->notes()) std::cerr << "snsim: note: " << note << "\n";
}

std::ofstream open_output(const std::string& path) {
  std::ofstream out(path);
  if (!out) throw std::runtime_error("cannot write " + path);
  return out;
}

std::string sibling(const std::string& csv, const std::string& suffix) {
  std::filesystem::path p(csv);
  return (p.parent_path() / (p.stem().string() + suffix)).string();
}

void write_json(const std::string& path, const json& j) {
  if (path.empty()) return;
  auto out = open_output(path);
  out << j.dump(2) << "\n";
}

int cmd_run(const CommonOptions& o, const snsim::RunOptions& run_options) {
  snsim::FabricConfig config = snsim::load_fabric_config(o.config, o.sets, o.seed);
  print_notes(config);
  snsim::RunOptions options = run_options;
  snsim::RunTimings timings;
  options.timings = &timings;
  json report = snsim::run_simulation(config, options);
  snsim::print_summary(std::cout, report);
  std::cerr << "snsim: built the fabric in " << timings.build_seconds << " s, simulated " << report["cycles"]
            << " cycles in " << timings.run_seconds << " s\n";
  write_json(o.json_file, report);
  if (!o.csv_file.empty()) {
    auto runs = open_output(o.csv_file);
    snsim::write_runs_csv(runs, json::array({report}));
    auto links = open_output(sibling(o.csv_file, ".links.csv"));
    snsim::write_links_csv(links, report);
    auto queues = open_output(sibling(o.csv_file, ".queues.csv"));
    snsim::write_queues_csv(queues, report);
    if (report.contains("memory")) {
      auto channels = open_output(sibling(o.csv_file, ".hbm_channels.csv"));
      snsim::write_memory_channels_csv(channels, report);
      auto accelerators = open_output(sibling(o.csv_file, ".accelerators.csv"));
      snsim::write_memory_accelerators_csv(accelerators, report);
    }
  }
  if (!report["deadlock"].is_null()) {
    std::cerr << "snsim: error: deadlock: the watchdog stopped the run (see the DEADLOCK line and the report)\n";
    return 4;
  }
  return 0;
}

int cmd_sweep(const CommonOptions& o, const std::string& param, const std::string& values, unsigned jobs) {
  snsim::SweepRequest request;
  request.config_path = o.config;
  request.overrides = o.sets;
  request.seed = o.seed;
  request.param = param;
  request.values = snsim::parse_sweep_values(values);
  request.jobs = jobs;
  json sweep = snsim::run_sweep(request);
  snsim::print_sweep_summary(std::cout, sweep);
  write_json(o.json_file, sweep);
  if (!o.csv_file.empty()) {
    json reports = json::array();
    for (const auto& p : sweep["points"]) reports.push_back(p["report"]);
    auto out = open_output(o.csv_file);
    snsim::write_runs_csv(out, reports);
  }
  return 0;
}

int cmd_check(const CommonOptions& o) {
  snsim::FabricConfig config = snsim::load_fabric_config(o.config, o.sets, o.seed);
  print_notes(config);
  std::cout << o.config << ": OK (" << config.fabric.name << ": " << config.fabric.topology << ", "
            << config.fabric.endpoints << " endpoints, " << config.switch_params.ports << "-port switch, workload "
            << config.workload.pattern_name << " at load " << config.workload.load << ")\n";
  return 0;
}

// The model reference (docs/models/reference.md) is this output, so the doc cannot drift from the code.
int cmd_list_markdown() {
  std::cout << "# Model reference: every parameter, its default and its source\n\n"
               "Generated by `build/snsim list --markdown` from the schemas the models declare; a test checks "
               "that this file matches. Facts tagged in the sources refer to "
               "`../shared/reference/fabric-and-memory-facts.md` (\"facts N.M\"), whose entries carry their "
               "primary sources. Times convert to cycles of `fabric.clock` (rounded up, with a note); "
               "bandwidths to bytes per cycle.\n";
  for (const snsim::Schema* s : snsim::all_schemas()) {
    std::cout << "\n## `" << s->section << "`\n\n" << s->description << "\n\n"
              << "| key | kind | default | allowed | description | source of the default |\n"
              << "|---|---|---|---|---|---|\n";
    for (const auto& p : s->params) {
      std::cout << "| `" << p.key << "` | " << snsim::kind_name(p.kind) << " | "
                << (p.default_text.empty() ? "required" : "`" + p.default_text + "`") << " | "
                << snsim::describe_range(p) << " | " << p.description << " | " << p.source << " |\n";
    }
    if (!s->structured_keys.empty()) {
      std::cout << "\nAlso:\n\n";
      for (const auto& k : s->structured_keys) std::cout << "- `" << k << "`\n";
    }
  }
  std::cout << "\n## Topology kinds (`fabric.topology`)\n\n"
            << "Each kind is a generator registered from its own file in `models/graph/topologies/`; it reads the "
               "`topology` section with the schema named here and describes the fabric as a graph.\n\n"
            << "| kind | what it builds | `topology` section |\n|---|---|---|\n";
  for (const snsim::TopologyGenerator* g : snsim::topology_generators()) {
    std::cout << "| `" << g->name << "` | " << g->summary << " | "
              << (g->schema ? g->schema()->description.substr(0, g->schema()->description.find(':')) : "none") << " |\n";
  }
  std::cout << "\n## Routings of switched fabrics (`topology.routing` of the switched kinds)\n\n"
            << "| routing | what it chooses |\n|---|---|\n";
  for (const std::string& name : snsim::graph_routing_names()) {
    std::cout << "| `" << name << "` | " << snsim::find_graph_routing(name)->summary << " |\n";
  }
  // The protocol profiles are data too; docs/models/ports.md explains each number's source.
  std::cout << "\n## Port profiles (`link.profile`)\n\n"
            << "| profile | framing | lanes | lane rate (Gb/s) | FEC | data rate (GB/s) | header / framing | "
               "max payload (B) | FEC fill (ns) | budget one way (ns) | efficiency at 64 / 256 B |\n"
            << "|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& p : snsim::builtin_profiles()) {
    std::string framing = p.framing == snsim::Framing::Flit     ? "16 B flits"
                          : p.framing == snsim::Framing::Packed ? "64 B TL in 640 B DL flits"
                                                                : "Ethernet frames";
    std::string header = p.framing == snsim::Framing::Flit
                             ? std::to_string(p.header_flits) + " header flit"
                             : p.framing == snsim::Framing::Packed
                                   ? std::to_string(p.tl_header_bytes) + " B/request, " +
                                         std::to_string(p.dl_overhead_bytes) + " B/DL flit"
                                   : std::to_string(p.header_bytes) + " B + " +
                                         std::to_string(p.preamble_bytes + p.ifg_bytes) + " B preamble/IFG";
    std::ostringstream row;
    row.precision(6);
    row << "| `" << p.name << "` | " << framing << " | " << p.lanes << " | " << p.lane_rate_bps / 1e9 << " | RS("
        << p.fec_n << "," << p.fec_k << ") | " << p.data_rate_bytes_per_s() / 1e9 << " | " << header << " | "
        << p.max_payload << " | " << p.fec_fill_s() * 1e9 << " | " << p.latency_budget_s() * 1e9 << " | "
        << p.efficiency(64) << " / " << p.efficiency(256) << " |\n";
    std::cout << row.str();
  }
  return 0;
}

int cmd_list() {
  std::cout << "Component kinds and settings (YAML section: key kind default range -- description [source])\n";
  for (const snsim::Schema* s : snsim::all_schemas()) {
    std::cout << "\n" << s->section << ": " << s->description << "\n";
    for (const auto& p : s->params) {
      std::cout << "  " << s->section << "." << p.key << "  " << snsim::kind_name(p.kind) << "  default "
                << (p.default_text.empty() ? "(required)" : p.default_text) << "  " << snsim::describe_range(p)
                << "\n      " << p.description << " [" << p.source << "]\n";
    }
    for (const auto& k : s->structured_keys) std::cout << "  " << s->section << "." << k << "\n";
  }
  std::cout << "\nTopology kinds (fabric.topology):\n";
  for (const snsim::TopologyGenerator* g : snsim::topology_generators()) {
    std::cout << "  " << g->name << "  " << g->summary << "\n";
  }
  std::cout << "Routings of switched fabrics:\n";
  for (const std::string& name : snsim::graph_routing_names()) {
    std::cout << "  " << name << "  " << snsim::find_graph_routing(name)->summary << "\n";
  }
  std::cout << "\nTraffic patterns: ";
  const auto& patterns = snsim::pattern_names();
  for (size_t i = 0; i < patterns.size(); ++i) std::cout << (i ? ", " : "") << patterns[i];
  std::cout << "\n\nPresets and example fabrics (" << SNSIM_CONFIG_DIR << "):\n";
  std::vector<std::string> files;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(SNSIM_CONFIG_DIR, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->path().extension() == ".yaml") files.push_back(it->path().string());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::string name = "?";
    try {
      YAML::Node n = YAML::LoadFile(f);
      if (n["fabric"] && n["fabric"]["name"]) name = n["fabric"]["name"].as<std::string>();
    } catch (const std::exception&) {
      name = "(unreadable)";
    }
    std::cout << "  " << f << "  " << name << "\n";
  }
  return 0;
}

}  // namespace

int sc_main(int argc, char* argv[]) {
  CLI::App app{"snsim: a cycle-level simulator of AI supernode interconnect fabrics"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every subcommand");
  app.set_version_flag("--version", std::string("snsim ") + snsim::snsim_version());

  CommonOptions run_options, sweep_options, check_options;
  CLI::App* run = app.add_subcommand("run", "Run one simulation and print a summary");
  add_common(run, run_options, true);
  snsim::RunOptions run_settings;
  std::string trace_filter, trace_window;
  run->add_option("--vcd", run_settings.trace.vcd_file,
                  "Write a waveform (VCD) of queue depths, credits, link busy and packets; also FILE's .gtkw");
  run->add_option("--fst", run_settings.trace.fst_file, "Write the same waveform as FST (compressed); also FILE's .gtkw");
  run->add_option("--trace-filter", trace_filter,
                  "Trace only components whose name matches a pattern: 'sw0*,ep3*' (globs, comma-separated)");
  run->add_option("--trace-window", trace_window, "Trace only cycles START:END (either may be empty)");
  run->add_option("--capture-switch", run_settings.capture_switch,
                  "Record every packet, departure and credit at the switch of a single_switch fabric (JSON lines) "
                  "for the RTL crossbar's lock-step replay (docs/cosim.md)");

  CLI::App* sweep = app.add_subcommand("sweep", "Run a parameter sweep (latency versus load) and find saturation");
  add_common(sweep, sweep_options, true);
  std::string param, values;
  unsigned jobs = 1;
  sweep->add_option("--param", param, "Key to sweep, e.g. workload.load")->required();
  sweep->add_option("--values", values, "V1,V2,... or START:STOP:STEP")->required();
  sweep->add_option("--jobs,-j", jobs, "Points simulated in parallel (results do not depend on it)")
      ->check(CLI::Range(1u, 256u));

  CLI::App* check = app.add_subcommand("check", "Validate a configuration without running it");
  add_common(check, check_options, false);

  CLI::App* list = app.add_subcommand("list", "List component kinds with their parameters, traffic patterns and presets");
  bool markdown = false;
  list->add_flag("--markdown", markdown, "Print the parameter reference as Markdown (docs/models/reference.md)");

  snsim::cli::CompareCommands judge;
  snsim::cli::add_compare_commands(app, judge, SNSIM_GOLDEN_DIR);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "snsim: error: " << e.what() << " (see snsim --help)\n";
    return 2;
  }
  try {
    if (!trace_filter.empty()) run_settings.trace.patterns = snsim::parse_trace_filter(trace_filter);
    if (!trace_window.empty()) snsim::parse_trace_window(trace_window, run_settings.trace);
    if (!run_settings.trace.enabled() && (!trace_filter.empty() || !trace_window.empty())) {
      throw snsim::TraceOptionError("--trace-filter and --trace-window need --vcd FILE or --fst FILE");
    }
  } catch (const snsim::TraceOptionError& e) {
    std::cerr << "snsim: error: " << e.what() << "\n";
    return 2;
  }

  try {
    if (run->parsed()) return cmd_run(run_options, run_settings);
    if (sweep->parsed()) return cmd_sweep(sweep_options, param, values, jobs);
    if (check->parsed()) return cmd_check(check_options);
    if (auto status = snsim::cli::run_compare_commands(judge, SNSIM_CONFIG_DIR)) return *status;
    return markdown ? cmd_list_markdown() : cmd_list();
  } catch (const snsim::ConfigError& e) {
    std::cerr << "snsim: error: " << e.what() << "\n";
    return 1;
  } catch (const snsim::TraceOptionError& e) {
    std::cerr << "snsim: error: " << e.what() << "\n";
    return 2;
  } catch (const snsim::SwitchCaptureError& e) {  // a fabric --capture-switch cannot serve, or its file
    std::cerr << "snsim: error: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "snsim: error: " << e.what() << "\n";
    return 3;
  }
}

// Our own main (it takes precedence over libsystemc's): the kernel prints its banner when it starts,
// before sc_main, and the banner would precede every report. SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=0 brings
// it back.
int main(int argc, char* argv[]) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
#ifdef SNSIM_WITH_RTL
  snsim::register_rtl_switch();
#endif
  return sc_core::sc_elab_and_sim(argc, argv);
}
