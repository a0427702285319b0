// The JEDEC timing set of an HBM device, in command-clock (CK) cycles. The same struct drives the
// scheduler (which computes when a command may issue) and the timing checker (which verifies that it did).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/core/config.h"
#include "models/core/params.h"
#include "models/hbm/hbm_organization.h"

namespace snsim::hbm {

struct HbmTiming {
  uint32_t rl = 20;        // RD to first data beat (read latency, CL)
  uint32_t wl = 10;        // WR to first data beat (write latency, CWL)
  uint32_t burst = 2;      // tBURST: data-bus time of one column access (BL / beats_per_clock), derived
  uint32_t trcd_rd = 31;   // ACT to RD, same bank
  uint32_t trcd_wr = 15;   // ACT to WR, same bank
  uint32_t trp = 26;       // PRE to ACT, same bank
  uint32_t tras = 45;      // ACT to PRE, same bank
  uint32_t trc = 72;       // ACT to ACT, same bank
  uint32_t twr = 33;       // end of write data to PRE, same bank
  uint32_t trtp = 9;       // RD to PRE, same bank
  uint32_t tccd_s = 2;     // column to column, different bank group
  uint32_t tccd_l = 4;     // column to column, same bank group
  uint32_t tccd_r = 3;     // column to column, different SID
  uint32_t trrd_s = 4;     // ACT to ACT, different bank group
  uint32_t trrd_l = 5;     // ACT to ACT, same bank group
  uint32_t tfaw = 24;      // window holding at most four ACTs (per pseudo-channel)
  uint32_t twtr_s = 7;     // end of write data to RD, different bank group
  uint32_t twtr_l = 10;    // end of write data to RD, same bank group
  uint32_t trtw = 20;      // RD to WR (bus turnaround), any bank of the pseudo-channel
  uint32_t tppd = 2;       // PRE to PRE (0: no constraint)
  uint32_t trfc = 560;     // all-bank REF to ACT / REF
  uint32_t trfc_pb = 320;  // per-bank REF to ACT of that bank
  uint32_t trrefd = 13;    // per-bank REF to ACT or REF of another bank
  uint32_t trefi = 6240;   // average interval of all-bank refreshes (per-bank: trefi / banks)

  // Minimum RD->WR command spacing the scheduler keeps: tRTW, and never write data over read data.
  uint32_t read_to_write() const { return trtw > rl + burst - wl ? trtw : rl + burst - wl; }
  uint32_t write_to_read_same_group() const { return wl + burst + twtr_l; }
  uint32_t write_to_read() const { return wl + burst + twtr_s; }
  uint32_t write_to_precharge() const { return wl + burst + twr; }
};

const Schema& hbm_timing_schema();
// Reads `section` (the `hbm.timing` map) in cycles of `org.clock`; tBURST comes from the organization.
// Does not finish() the section.
HbmTiming read_hbm_timing(const ConfigSection& section, const HbmOrganization& org);

// (name, value) pairs in schema order, for reports and tests.
std::vector<std::pair<std::string, uint32_t>> timing_table(const HbmTiming& t);

}  // namespace snsim::hbm
