#include "models/hbm/hbm_organization.h"

#include <cmath>

namespace snsim::hbm {
namespace {

bool power_of_two(uint64_t v) { return v && !(v & (v - 1)); }

}  // namespace

const Schema& hbm_organization_schema() {
  static const Schema schema{
      "hbm.organization",
      "Structure of an HBM stack (stack, channel, pseudo-channel, SID, bank group, bank, row, column) and "
      "its data interface. Defaults are HBM3 at 6.4 Gb/s.",
      {
          {"name", ParamKind::Text, "hbm3-6400", 0, 0, {}, false, "Name shown in reports", "-"},
          {"standard", ParamKind::Choice, "hbm3", 0, 0, {"hbm2", "hbm2e", "hbm3", "hbm3e", "hbm4"}, false,
           "JEDEC generation (a label: behaviour follows the parameters)", "-"},
          {"clock", ParamKind::Frequency, "1.6GHz", 1e8, 1e10, {}, false,
           "Command clock CK; every timing parameter is counted in its cycles",
           "HBM3 6.4 Gb/s: tCK 0.625 ns (Ramulator2 hbm3.py; facts 6.2)"},
          {"beats_per_clock", ParamKind::Integer, "4", 1, 16, {}, false,
           "Data beats per DQ pin per CK: 2 when data is double-data-rate on CK (HBM2), 4 when it is "
           "double-data-rate on a write clock at 2x CK (HBM3, HBM4). Pin rate = clock x beats_per_clock",
           "HBM3: BL8 transfers in nBL = 2 CK (Ramulator2 hbm3.py; facts 6.2)"},
          {"stacks", ParamKind::Integer, "1", 1, 64, {}, false,
           "Stacks behind this controller (the mapping's st field selects one)", "one stack per controller"},
          {"channels", ParamKind::Integer, "16", 1, 256, {}, false, "Channels per stack",
           "HBM3: 16 channels (JESD238; facts 6.1)"},
          {"pseudo_channels", ParamKind::Integer, "2", 1, 8, {}, false,
           "Pseudo-channels per channel; each has its own banks and data bus",
           "HBM3: 2 x 32-bit pseudo-channels per channel (JESD238; facts 6.1)"},
          {"pc_width", ParamKind::Integer, "32", 8, 1024, {}, false, "Data pins (DQ) per pseudo-channel",
           "HBM3: 32 (facts 6.1)"},
          {"burst_length", ParamKind::Integer, "8", 1, 64, {}, false, "Beats per column access (BL)",
           "HBM3: BL8, 32 B per access (facts 6.1)"},
          {"sids", ParamKind::Integer, "1", 1, 16, {}, false,
           "Stack IDs (pseudo ranks) per pseudo-channel; banks = sids x bank_groups x banks_per_group",
           "1 SID (facts 6.1: 1/2/4 SIDs depending on stack height; the mapping from height is not pinned "
           "down in the facts, so it is a parameter)"},
          {"bank_groups", ParamKind::Integer, "4", 1, 64, {}, false, "Bank groups per SID",
           "HBM3: 4 bank groups x 4 banks per SID (facts 6.1)"},
          {"banks_per_group", ParamKind::Integer, "4", 1, 64, {}, false, "Banks per bank group",
           "HBM3: 4 (facts 6.1)"},
          {"rows", ParamKind::Integer, "32768", 1, 1 << 24, {}, false, "Rows per bank",
           "2^15: with 16 banks of 1 KiB pages per pseudo-channel this is 8 Gb per channel (the 350 ns "
           "tRFC row of JESD238 Tbl 84, facts 6.2) and 16 GiB per stack"},
          {"page", ParamKind::Size, "1KiB", 32, 1 << 20, {}, false, "Row buffer (page) per bank of a pseudo-channel",
           "1 KiB (facts 6.1)"},
      },
      {}};
  return schema;
}

HbmOrganization read_hbm_organization(const ConfigSection& section) {
  ParamValues v = read_params(section, hbm_organization_schema(), 1e9);
  HbmOrganization o;
  o.name = v.text("name");
  o.standard = v.text("standard");
  o.clock_hz = v.number("clock");
  o.beats_per_clock = static_cast<uint32_t>(v.whole("beats_per_clock"));
  o.stacks = static_cast<uint32_t>(v.whole("stacks"));
  o.channels = static_cast<uint32_t>(v.whole("channels"));
  o.pseudo_channels = static_cast<uint32_t>(v.whole("pseudo_channels"));
  o.pc_width_bits = static_cast<uint32_t>(v.whole("pc_width"));
  o.burst_length = static_cast<uint32_t>(v.whole("burst_length"));
  o.sids = static_cast<uint32_t>(v.whole("sids"));
  o.bank_groups = static_cast<uint32_t>(v.whole("bank_groups"));
  o.banks_per_group = static_cast<uint32_t>(v.whole("banks_per_group"));
  o.rows = v.whole("rows");
  o.page_bytes = static_cast<uint32_t>(v.whole("page"));

  // The address mapping splits an address into bit fields, so every count it indexes is a power of two.
  const std::pair<const char*, uint64_t> counts[] = {
      {"stacks", o.stacks}, {"channels", o.channels}, {"pseudo_channels", o.pseudo_channels},
      {"sids", o.sids}, {"bank_groups", o.bank_groups}, {"banks_per_group", o.banks_per_group},
      {"rows", o.rows}, {"page", o.page_bytes}};
  for (const auto& [key, value] : counts) {
    if (!power_of_two(value)) {
      section.fail(key, std::to_string(value) + " is not a power of two (the address mapping splits an "
                                                "address into bit fields, one per level)");
    }
  }
  if (o.pc_width_bits % 8 != 0 || (o.pc_width_bits * o.burst_length) % 8 != 0) {
    section.fail("pc_width", "a burst of " + std::to_string(o.burst_length) + " beats on " +
                                 std::to_string(o.pc_width_bits) + " pins is not a whole number of bytes");
  }
  if (!power_of_two(o.burst_bytes())) {
    section.fail("burst_length", "a burst of " + std::to_string(o.burst_bytes()) +
                                     " B is not a power of two (it is the lowest field of the address)");
  }
  if (o.burst_length % o.beats_per_clock != 0) {
    section.fail("burst_length", "BL" + std::to_string(o.burst_length) + " at " +
                                     std::to_string(o.beats_per_clock) +
                                     " beats per CK does not fill whole clock cycles");
  }
  if (o.page_bytes < o.burst_bytes()) {
    section.fail("page", "a page of " + std::to_string(o.page_bytes) + " B is smaller than one burst (" +
                             std::to_string(o.burst_bytes()) + " B)");
  }
  if (o.banks_per_pc() > 256) {
    section.fail("banks_per_group", "sids x bank_groups x banks_per_group = " + std::to_string(o.banks_per_pc()) +
                                        " banks per pseudo-channel; at most 256 are supported");
  }
  return o;
}

}  // namespace snsim::hbm
