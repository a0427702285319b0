// The validated configuration of one HBM controller: organization, timing, address mapping and the
// controller's own policies, read once from the `hbm` section of a YAML document. Profiles for each HBM
// generation are plain YAML files (configs/hbm/*.yml) holding that section; there are no subclasses.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "models/core/config.h"
#include "models/core/params.h"
#include "models/hbm/address_mapping.h"
#include "models/hbm/hbm_organization.h"
#include "models/hbm/hbm_timing.h"

namespace snsim::hbm {

enum class SchedulerKind { FrFcfs, Fcfs };
enum class PagePolicy { Open, Closed, Adaptive };
enum class RefreshMode { Off, AllBank, PerBank };

const char* to_string(SchedulerKind k);
const char* to_string(PagePolicy p);
const char* to_string(RefreshMode m);

struct HbmControllerParams {
  SchedulerKind scheduler = SchedulerKind::FrFcfs;
  PagePolicy page_policy = PagePolicy::Adaptive;
  RefreshMode refresh = RefreshMode::PerBank;
  uint32_t read_queue = 32;   // bursts per pseudo-channel
  uint32_t write_queue = 32;  // bursts per pseudo-channel
  uint32_t frontend_queue = 96;  // bursts per pseudo-channel waiting, in order, in front of those queues
  double write_high = 0.8;    // enter write drain at this fill of the write queue
  double write_low = 0.2;     // leave it at this fill (when reads wait)
  uint32_t row_hit_cap = 16;  // close a row after this many hits when another row of the bank waits (0: never)
  uint32_t act_cycles = 2;    // row command bus cycles of an ACT
  uint32_t row_cycles = 1;    // row command bus cycles of PRE / PREA / REF
  uint32_t column_cycles = 1; // column command bus cycles of RD / WR
  bool check_timing = false;  // attach the independent JEDEC timing checker

  uint32_t write_high_bursts() const;
  uint32_t write_low_bursts() const;
};

const Schema& hbm_controller_schema();

struct HbmConfig {
  std::shared_ptr<ConfigDocument> document;  // kept for notes and error positions
  HbmOrganization org;
  HbmTiming timing;
  HbmMappingParams mapping_params;
  AddressMapping mapping;
  HbmControllerParams controller;
};

// Every schema of the hbm section, for `snsim list` and the model reference.
std::vector<const Schema*> hbm_schemas();

// Reads the `hbm` section (organization, timing, mapping, controller) and finishes it.
HbmConfig read_hbm_config(const ConfigSection& hbm);
// Loads a profile file whose top level holds only `hbm`, with `--set`-style overrides ("hbm.a.b=v").
HbmConfig load_hbm_config(const std::string& path, const std::vector<std::string>& overrides = {});
HbmConfig load_hbm_config_string(const std::string& text, const std::string& name,
                                 const std::vector<std::string>& overrides = {});

}  // namespace snsim::hbm
