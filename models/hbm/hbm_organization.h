// How an HBM stack is organized: stack -> channel -> pseudo-channel -> stack ID (SID) -> bank group ->
// bank -> row -> column, and the interface that carries its data (pins per pseudo-channel, burst length,
// data beats per command clock). Everything the address mapping and the bandwidth arithmetic need.
#pragma once

#include <cstdint>
#include <string>

#include "models/core/config.h"
#include "models/core/params.h"

namespace snsim::hbm {

struct HbmOrganization {
  std::string name = "hbm";
  std::string standard = "hbm3";
  double clock_hz = 1.6e9;        // command clock CK
  uint32_t beats_per_clock = 4;   // data beats per pin per CK (2: DDR on CK; 4: HBM3/HBM4)
  uint32_t stacks = 1;
  uint32_t channels = 16;         // per stack
  uint32_t pseudo_channels = 2;   // per channel
  uint32_t sids = 1;              // stack IDs (pseudo ranks) per pseudo-channel
  uint32_t bank_groups = 4;       // per SID
  uint32_t banks_per_group = 4;
  uint64_t rows = 32768;          // per bank
  uint32_t page_bytes = 1024;     // row buffer per pseudo-channel bank
  uint32_t pc_width_bits = 32;    // DQ pins per pseudo-channel
  uint32_t burst_length = 8;      // beats per column command

  uint32_t banks_per_pc() const { return sids * bank_groups * banks_per_group; }
  uint32_t groups_per_pc() const { return sids * bank_groups; }
  uint32_t burst_bytes() const { return pc_width_bits * burst_length / 8; }
  uint32_t burst_cycles() const { return burst_length / beats_per_clock; }  // tBURST in CK
  uint32_t columns() const { return page_bytes / burst_bytes(); }           // bursts per row
  uint32_t total_channels() const { return stacks * channels; }
  uint32_t total_pcs() const { return total_channels() * pseudo_channels; }
  // Data pins of one stack (1024 for HBM2/HBM3/HBM3E, 2048 for HBM4).
  uint32_t interface_bits() const { return channels * pseudo_channels * pc_width_bits; }
  double pin_rate_bps() const { return clock_hz * beats_per_clock; }
  // Peak = interface width x pin rate / 8, for all stacks behind this controller.
  double peak_bytes_per_second() const { return stacks * interface_bits() * pin_rate_bps() / 8.0; }
  double peak_bytes_per_cycle() const { return peak_bytes_per_second() / clock_hz; }
  uint64_t capacity_bytes() const {
    return uint64_t(total_pcs()) * banks_per_pc() * rows * page_bytes;
  }
};

const Schema& hbm_organization_schema();
// Reads and checks `section` (the `hbm.organization` map). Does not finish() the section.
HbmOrganization read_hbm_organization(const ConfigSection& section);

}  // namespace snsim::hbm
