#include "models/hbm/hbm_config.h"

#include <cmath>

namespace snsim::hbm {

const char* to_string(SchedulerKind k) { return k == SchedulerKind::FrFcfs ? "fr_fcfs" : "fcfs"; }
const char* to_string(PagePolicy p) {
  return p == PagePolicy::Open ? "open" : p == PagePolicy::Closed ? "closed" : "adaptive";
}
const char* to_string(RefreshMode m) {
  return m == RefreshMode::Off ? "off" : m == RefreshMode::AllBank ? "all_bank" : "per_bank";
}

uint32_t HbmControllerParams::write_high_bursts() const {
  return std::max<uint32_t>(1, static_cast<uint32_t>(std::ceil(write_high * write_queue - 1e-9)));
}
uint32_t HbmControllerParams::write_low_bursts() const {
  return static_cast<uint32_t>(std::floor(write_low * write_queue + 1e-9));
}

const Schema& hbm_controller_schema() {
  static const Schema schema{
      "hbm.controller",
      "Per-pseudo-channel command scheduling: scheduler, page policy, queues, write drain, refresh and the "
      "command buses.",
      {
          {"scheduler", ParamKind::Choice, "fr_fcfs", 0, 0, {"fr_fcfs", "fcfs"}, false,
           "fr_fcfs: ready row hits first, then the oldest ready command; fcfs: only the oldest request of "
           "the active queue issues commands",
           "FR-FCFS, Rixner et al., ISCA 2000: the default of Ramulator2, DRAMSys and DRAMsim3 (facts 6.3)"},
          {"page_policy", ParamKind::Choice, "adaptive", 0, 0, {"open", "closed", "adaptive"}, false,
           "open: rows stay open until a conflict or refresh; closed: every access auto-precharges; adaptive: "
           "an access auto-precharges unless another queued request hits the same row",
           "gem5's HBM2 interface defaults to close_adaptive (facts 6.2, 6.3)"},
          {"refresh", ParamKind::Choice, "per_bank", 0, 0, {"off", "all_bank", "per_bank"}, false,
           "all_bank: REFab per pseudo-channel every tREFI; per_bank: REFpb every tREFI / banks, to a bank "
           "that has no queued requests when possible; off: no refresh",
           "Ramulator2's HBM3/HBM4 controller uses a per-bank refresh manager (facts 6.2)"},
          {"read_queue", ParamKind::Integer, "32", 1, 4096, {}, false, "Read queue per pseudo-channel, in bursts",
           "Ramulator2 hbm34 controller: read buffer 32 (facts 6.2)"},
          {"write_queue", ParamKind::Integer, "32", 1, 4096, {}, false, "Write queue per pseudo-channel, in bursts",
           "Ramulator2 hbm34 controller: write buffer 32 (facts 6.2)"},
          {"frontend_queue", ParamKind::Integer, "96", 0, 1 << 20, {}, false,
           "Bursts per pseudo-channel that wait in arrival order in front of the read and write queues (the "
           "scheduler sees only those queues). A request is refused (held until END_REQ) only when one of "
           "its pseudo-channels has no room here either, so one busy pseudo-channel does not stall the rest",
           "Modelling choice: 32 + 96 = 128 requests per pseudo-channel, DRAMSys's 128 active transactions "
           "per controller (facts 6.3)"},
          {"write_high_watermark", ParamKind::Real, "0.8", 0, 1, {}, false,
           "Write drain starts when the write queue is this full (or when no reads wait)",
           "Ramulator2 hbm34 controller: 0.8 (facts 6.2)"},
          {"write_low_watermark", ParamKind::Real, "0.2", 0, 1, {}, false,
           "Write drain stops at this fill when reads wait",
           "Ramulator2 hbm34 controller: 0.2 (facts 6.2)"},
          {"row_hit_cap", ParamKind::Integer, "16", 0, 1 << 20, {}, false,
           "After this many column accesses to an open row, the next one auto-precharges if a request for "
           "another row of the bank waits (bounds FR-FCFS starvation); 0 = no cap",
           "Modelling choice: half a 1 KiB page of 32 B bursts. Ramulator2's ClosedCAP closes after 4 hits "
           "(facts 6.3)"},
          {"act_bus_cycles", ParamKind::Integer, "2", 1, 8, {}, false,
           "Row command bus cycles taken by an ACT (the row and column buses are shared by the channel's "
           "pseudo-channels)",
           "Ramulator2 HBM3 device model: a 2-cycle ACT on the channel's row bus [U: JESD238 not read]"},
          {"row_bus_cycles", ParamKind::Integer, "1", 1, 8, {}, false,
           "Row command bus cycles taken by PRE, PREA and REF", "one CK [U: JESD238 not read]"},
          {"column_bus_cycles", ParamKind::Integer, "1", 1, 8, {}, false,
           "Column command bus cycles taken by RD and WR", "one CK [U: JESD238 not read]"},
          {"check_timing", ParamKind::Boolean, "false", 0, 0, {}, false,
           "Attach the independent timing checker to the command stream and report violations",
           "off in production runs (it costs time); the tests switch it on"},
      },
      {}};
  return schema;
}

std::vector<const Schema*> hbm_schemas() {
  return {&hbm_organization_schema(), &hbm_timing_schema(), &hbm_mapping_schema(), &hbm_controller_schema()};
}

HbmConfig read_hbm_config(const ConfigSection& hbm) {
  HbmConfig cfg;
  ConfigSection org = hbm.section("organization");
  cfg.org = read_hbm_organization(org);
  org.finish();

  ConfigSection timing = hbm.section("timing");
  cfg.timing = read_hbm_timing(timing, cfg.org);
  timing.finish();

  ConfigSection mapping = hbm.section("mapping");
  cfg.mapping = read_hbm_mapping(mapping, cfg.org, &cfg.mapping_params);
  mapping.finish();

  ConfigSection ctl = hbm.section("controller");
  ParamValues v = read_params(ctl, hbm_controller_schema(), cfg.org.clock_hz);
  HbmControllerParams& c = cfg.controller;
  c.scheduler = v.text("scheduler") == "fcfs" ? SchedulerKind::Fcfs : SchedulerKind::FrFcfs;
  const std::string& page = v.text("page_policy");
  c.page_policy = page == "open" ? PagePolicy::Open : page == "closed" ? PagePolicy::Closed : PagePolicy::Adaptive;
  const std::string& refresh = v.text("refresh");
  c.refresh = refresh == "off" ? RefreshMode::Off : refresh == "all_bank" ? RefreshMode::AllBank : RefreshMode::PerBank;
  c.read_queue = static_cast<uint32_t>(v.whole("read_queue"));
  c.write_queue = static_cast<uint32_t>(v.whole("write_queue"));
  c.frontend_queue = static_cast<uint32_t>(v.whole("frontend_queue"));
  c.write_high = v.number("write_high_watermark");
  c.write_low = v.number("write_low_watermark");
  c.row_hit_cap = static_cast<uint32_t>(v.whole("row_hit_cap"));
  c.act_cycles = static_cast<uint32_t>(v.whole("act_bus_cycles"));
  c.row_cycles = static_cast<uint32_t>(v.whole("row_bus_cycles"));
  c.column_cycles = static_cast<uint32_t>(v.whole("column_bus_cycles"));
  c.check_timing = v.flag("check_timing");

  // Constraints across keys.
  if (c.write_low >= c.write_high) {
    ctl.fail("write_low_watermark", "must be below write_high_watermark (" + std::to_string(c.write_high) +
                                        "), or write drain would never stop");
  }
  if (c.refresh == RefreshMode::PerBank) {
    if (cfg.timing.trfc_pb == 0) {
      ctl.fail("refresh", "per_bank refresh needs hbm.timing.trfc_pb (and trrefd); this profile gives none");
    }
    if (cfg.timing.trefi / cfg.org.banks_per_pc() < 1) {
      ctl.fail("refresh", "tREFI / banks is below one cycle");
    }
  }
  if (c.refresh != RefreshMode::Off && cfg.timing.trefi <= cfg.timing.trfc) {
    timing.fail("trefi", "tREFI must exceed tRFC when refresh is on");
  }
  if (cfg.mapping.capacity() != cfg.org.capacity_bytes()) {
    mapping.fail("fields", "internal: the mapping covers " + std::to_string(cfg.mapping.capacity()) +
                               " B but the organization holds " + std::to_string(cfg.org.capacity_bytes()) + " B");
  }
  ctl.finish();
  hbm.finish();
  return cfg;
}

namespace {

HbmConfig read_document(std::shared_ptr<ConfigDocument> doc, const std::vector<std::string>& overrides) {
  for (const auto& o : overrides) doc->apply_override(o);
  ConfigSection root = doc->root();
  if (!root.has("hbm")) root.fail_self("missing the 'hbm' section (an HBM profile holds hbm.organization, hbm.timing, ...)");
  HbmConfig cfg = read_hbm_config(root.section("hbm"));
  root.finish();
  cfg.document = doc;
  return cfg;
}

}  // namespace

HbmConfig load_hbm_config(const std::string& path, const std::vector<std::string>& overrides) {
  return read_document(ConfigDocument::load_file(path), overrides);
}

HbmConfig load_hbm_config_string(const std::string& text, const std::string& name,
                                 const std::vector<std::string>& overrides) {
  return read_document(ConfigDocument::load_string(text, name), overrides);
}

}  // namespace snsim::hbm
