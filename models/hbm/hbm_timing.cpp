#include "models/hbm/hbm_timing.h"

#include <algorithm>

namespace snsim::hbm {
namespace {

// Every timing key is required: a profile states each number next to its source (docs/models/hbm.md).
ParamSpec required(const char* key, const char* description, double min = 0) {
  ParamSpec s;
  s.key = key;
  s.kind = ParamKind::Time;
  s.min = min;
  s.max = 1e7;
  s.description = description;
  s.source = "required: each profile in configs/hbm/ gives it with its source (docs/models/hbm.md)";
  return s;
}

ParamSpec optional(const char* key, const char* description, const char* default_text, const char* source) {
  ParamSpec s = required(key, description);
  s.default_text = default_text;
  s.source = source;
  return s;
}

}  // namespace

const Schema& hbm_timing_schema() {
  static const Schema schema{
      "hbm.timing",
      "JEDEC timing set, in CK cycles (`20cycles`) or in time (`12.5ns`, rounded up to whole CK with a "
      "note). tBURST is burst_length / beats_per_clock.",
      {
          required("rl", "Read latency: RD to the first data beat", 1),
          required("wl", "Write latency: WR to the first data beat", 0),
          required("trcd_rd", "tRCD for reads: ACT to RD, same bank", 1),
          required("trcd_wr", "tRCD for writes: ACT to WR, same bank", 1),
          required("trp", "tRP: PRE to ACT, same bank", 1),
          required("tras", "tRAS: ACT to PRE, same bank", 1),
          required("trc", "tRC: ACT to ACT, same bank", 1),
          required("twr", "tWR: end of write data to PRE, same bank", 0),
          required("trtp", "tRTP: RD to PRE, same bank", 1),
          required("tccd_s", "tCCD_S: column to column, different bank group", 1),
          required("tccd_l", "tCCD_L: column to column, same bank group", 1),
          required("tccd_r", "tCCD_R: column to column, different stack ID", 1),
          required("trrd_s", "tRRD_S: ACT to ACT, different bank group", 1),
          required("trrd_l", "tRRD_L: ACT to ACT, same bank group", 1),
          required("tfaw", "tFAW: at most four ACTs in any window of this length (per pseudo-channel)", 0),
          required("twtr_s", "tWTR_S: end of write data to RD, different bank group", 0),
          required("twtr_l", "tWTR_L: end of write data to RD, same bank group", 0),
          required("trtw", "tRTW: RD to WR, any bank of the pseudo-channel (bus turnaround)", 1),
          optional("tppd", "tPPD: PRE to PRE in a pseudo-channel", "0cycles",
                   "0: no constraint (HBM2 has none; HBM3/HBM4 profiles set 2, Ramulator2 hbm3.py/hbm4.py, "
                   "facts 6.2)"),
          required("trfc", "tRFC: all-bank REF to the next ACT or REF", 1),
          optional("trfc_pb", "tRFCpb: per-bank REF to ACT of the same bank (per_bank refresh)", "0cycles",
                   "0: not given (required when controller.refresh = per_bank)"),
          optional("trrefd", "tRREFD: per-bank REF to ACT or REF of another bank", "0cycles",
                   "0: not given (required when controller.refresh = per_bank)"),
          required("trefi", "tREFI: average interval of all-bank REF (per-bank REF every trefi / banks)", 1),
      },
      {}};
  return schema;
}

HbmTiming read_hbm_timing(const ConfigSection& section, const HbmOrganization& org) {
  ParamValues v = read_params(section, hbm_timing_schema(), org.clock_hz);
  auto c = [&](const char* key) { return static_cast<uint32_t>(v.whole(key)); };
  HbmTiming t;
  t.rl = c("rl");
  t.wl = c("wl");
  t.burst = org.burst_cycles();
  t.trcd_rd = c("trcd_rd");
  t.trcd_wr = c("trcd_wr");
  t.trp = c("trp");
  t.tras = c("tras");
  t.trc = c("trc");
  t.twr = c("twr");
  t.trtp = c("trtp");
  t.tccd_s = c("tccd_s");
  t.tccd_l = c("tccd_l");
  t.tccd_r = c("tccd_r");
  t.trrd_s = c("trrd_s");
  t.trrd_l = c("trrd_l");
  t.tfaw = c("tfaw");
  t.twtr_s = c("twtr_s");
  t.twtr_l = c("twtr_l");
  t.trtw = c("trtw");
  t.tppd = c("tppd");
  t.trfc = c("trfc");
  t.trfc_pb = c("trfc_pb");
  t.trrefd = c("trrefd");
  t.trefi = c("trefi");

  // Relations JEDEC tables always satisfy; a profile that breaks one has a typo.
  auto need = [&](bool ok, const char* key, const std::string& why) {
    if (!ok) section.fail(key, why);
  };
  auto n = [](uint32_t x) { return std::to_string(x); };
  need(t.trc >= t.tras + t.trp, "trc", "tRC = " + n(t.trc) + " is shorter than tRAS + tRP = " + n(t.tras + t.trp) + " cycles");
  need(t.tccd_l >= t.tccd_s, "tccd_l", "tCCD_L = " + n(t.tccd_l) + " is shorter than tCCD_S = " + n(t.tccd_s));
  need(t.trrd_l >= t.trrd_s, "trrd_l", "tRRD_L = " + n(t.trrd_l) + " is shorter than tRRD_S = " + n(t.trrd_s));
  need(t.twtr_l >= t.twtr_s, "twtr_l", "tWTR_L = " + n(t.twtr_l) + " is shorter than tWTR_S = " + n(t.twtr_s));
  need(t.tras >= t.trcd_rd, "tras", "tRAS = " + n(t.tras) + " is shorter than tRCD = " + n(t.trcd_rd));
  need(t.trefi > t.trfc, "trefi", "tREFI = " + n(t.trefi) + " cycles leaves no time between refreshes of tRFC = " + n(t.trfc));
  return t;
}

std::vector<std::pair<std::string, uint32_t>> timing_table(const HbmTiming& t) {
  return {{"rl", t.rl},         {"wl", t.wl},         {"burst", t.burst},   {"trcd_rd", t.trcd_rd},
          {"trcd_wr", t.trcd_wr}, {"trp", t.trp},     {"tras", t.tras},     {"trc", t.trc},
          {"twr", t.twr},       {"trtp", t.trtp},     {"tccd_s", t.tccd_s}, {"tccd_l", t.tccd_l},
          {"tccd_r", t.tccd_r}, {"trrd_s", t.trrd_s}, {"trrd_l", t.trrd_l}, {"tfaw", t.tfaw},
          {"twtr_s", t.twtr_s}, {"twtr_l", t.twtr_l}, {"trtw", t.trtw},     {"tppd", t.tppd},
          {"trfc", t.trfc},     {"trfc_pb", t.trfc_pb}, {"trrefd", t.trrefd}, {"trefi", t.trefi}};
}

}  // namespace snsim::hbm
