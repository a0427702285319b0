#include "models/hbm/channel.h"

#include <algorithm>

namespace snsim::hbm {

HbmChannel::HbmChannel(const HbmConfig& cfg, uint32_t index, BurstSink* sink) : params_(cfg.controller) {
  pcs_.reserve(cfg.org.pseudo_channels);
  for (uint32_t i = 0; i < cfg.org.pseudo_channels; ++i) pcs_.emplace_back(cfg, index, i, sink);
}

bool HbmChannel::better(const PseudoChannel::Proposal& a, const PseudoChannel::Proposal& b) {
  if (!b.valid) return true;
  if (a.refresh != b.refresh) return a.refresh;
  if (a.refresh) return false;  // first refresh in rotation order wins
  return a.arrival < b.arrival || (a.arrival == b.arrival && a.seq < b.seq);
}

uint64_t HbmChannel::tick(uint64_t t) {
  const uint32_t n = static_cast<uint32_t>(pcs_.size());
  uint64_t next = kNoCycle;
  PseudoChannel::Proposal best_row, best_column;
  int row_pc = -1, column_pc = -1;
  for (uint32_t k = 0; k < n; ++k) {
    const uint32_t i = (rotate_ + k) % n;
    PseudoChannel::Proposal row, column;
    pcs_[i].propose(t, row, column, next);
    if (row.valid && better(row, best_row)) {
      best_row = row;
      row_pc = static_cast<int>(i);
    }
    if (column.valid && better(column, best_column)) {
      best_column = column;
      column_pc = static_cast<int>(i);
    }
  }
  rotate_ = (rotate_ + 1) % n;
  bool issued = false;
  // Row before column: a row command never removes a queued request, so the column proposal's queue
  // index stays valid when both go to the same pseudo-channel.
  if (row_pc >= 0) {
    if (t >= row_bus_free_) {
      pcs_[static_cast<size_t>(row_pc)].issue(t, best_row);
      row_bus_free_ = t + (best_row.type == CommandType::Act ? params_.act_cycles : params_.row_cycles);
      ++row_commands_;
      issued = true;
    } else {
      next = std::min(next, row_bus_free_);
    }
  }
  if (column_pc >= 0) {
    if (t >= column_bus_free_) {
      pcs_[static_cast<size_t>(column_pc)].issue(t, best_column);
      column_bus_free_ = t + params_.column_cycles;
      ++column_commands_;
      issued = true;
    } else {
      next = std::min(next, column_bus_free_);
    }
  }
  return issued ? t + 1 : next;
}

}  // namespace snsim::hbm
