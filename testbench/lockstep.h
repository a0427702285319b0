// The lock-step harnesses: each drives a Verilated RTL block and its C++ twin with the same stimulus,
// compares them after every evaluation, and stops at the first difference with a report and a waveform
// of the cycles before it (docs/cosim.md). This header is free of Verilator and SystemC headers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace snsim::cosim {

struct LockstepOptions {
  uint32_t ports = 4;
  uint64_t seed = 1;
  uint64_t cycles = 100000;
  bool mutant = false;            // compare the mutated RTL (MUTATE != 0) instead of the real one
  uint32_t mutant_kind = 1;       // iSLIP only: which MUTATE variant (1 or 2)
  std::string wave_dir = ".";     // where the waveform of a mismatch goes
  uint32_t wave_window = 32;      // cycles of waveform before the mismatch
  bool compare_pointers = true;   // false: compare only grants/matches (to test that those comparisons work)
};

struct Mismatch {
  uint64_t cycle = 0;
  std::string what;     // the first difference, one line
  std::string details;  // the requests and both sides' state, several lines
  uint32_t variant = 0; // iSLIP: the top's variant that differed
};

struct LockstepResult {
  std::string block;               // e.g. "islip_allocator N=8"
  uint64_t cycles_compared = 0;    // cycles in which every compared output agreed
  uint64_t configurations = 0;     // RTL variants compared in lock-step (iSLIP: 1, 2, 4 iterations)
  bool mismatch_found = false;
  Mismatch mismatch;
  std::string wave_path;           // FST of the cycles around the mismatch, if any
  std::string layout_path;         // GTKWave save file for it: gtkwave <layout_path>
  bool mismatch_reproduced = false;  // the replay that wrote the waveform hit the same mismatch
  // Coverage, to show that the stimulus exercised the block (tests assert on these).
  uint64_t decisions = 0;          // grants (arbiter) or matched pairs (iSLIP), summed over variants
  uint64_t idle_cycles = 0;        // cycles without any request
  uint64_t full_cycles = 0;        // cycles with every request present
  uint64_t single_cycles = 0;      // cycles with exactly one request
  uint64_t later_round_cycles = 0; // iSLIP: cycles in which a variant matched a pair after round 1
  uint64_t pointer_values_missed = 0;  // (port, pointer value) pairs never observed
  std::vector<uint64_t> decisions_per_port;  // grants per requester / matches per input
  std::string summary() const;     // one line, or the mismatch report
};

// Runs one harness; `ports` must be one of the configured port counts (see available_*_ports()).
LockstepResult run_rr_arbiter_lockstep(const LockstepOptions& options);
LockstepResult run_islip_lockstep(const LockstepOptions& options);
std::vector<uint32_t> available_rr_arbiter_ports();
std::vector<uint32_t> available_islip_ports();

// ---- credit link (rtl/credit_link_tx.sv + rtl/credit_link_rx.sv) -----------------------------------
// Checked against a cycle-level reference written in the harness: the credit counter, when credits
// come back, the receiver's occupancy, when a corrupted flit's CRC error is reported, and the data
// delivered in order, every cycle.
struct CreditLinkOptions {
  uint32_t credits = 8;       // the receiver's buffer depth
  uint32_t link_delay = 1;    // cycles on the wire, the transmitter's output register included
  uint32_t credit_delay = 1;  // cycles for credits to come back, the receiver's register included
  bool mutant = false;        // a configuration whose transmitter has MUTATE `mutant_kind`
  uint32_t mutant_kind = 1;   // 1: lost credit; 2: replay skips the NAKed flit
  uint64_t seed = 1;
  uint64_t cycles = 100000;
  bool full_load = false;     // valid and ready always high, no corruption: measures throughput
  std::string wave_dir = ".";
  uint32_t wave_window = 32;
};

struct CreditLinkResult {
  std::string block;
  uint64_t cycles_compared = 0;
  bool mismatch_found = false;
  Mismatch mismatch;
  std::string wave_path;
  std::string layout_path;
  bool mismatch_reproduced = false;
  uint64_t flits_sent = 0;
  uint64_t flits_delivered = 0;
  uint64_t flits_corrupted = 0;     // flits the harness corrupted on the wire
  uint64_t crc_errors = 0;          // CRC errors the receiver reported
  uint64_t seq_drops = 0;           // good flits dropped out of sequence (after a corrupted one)
  uint64_t flits_replayed = 0;      // flits sent again (go-back-N)
  uint64_t credit_stall_cycles = 0; // valid offered, no credit
  uint64_t backpressure_cycles = 0; // flit waiting, ready low
  uint32_t max_occupancy = 0;
  bool drained = false;             // after the run: every flit delivered once, in order, all credits back
  std::string summary() const;
};

CreditLinkResult run_credit_link_lockstep(const CreditLinkOptions& options);
// The built configurations, as {credits, link_delay, credit_delay, mutate}.
std::vector<std::vector<uint32_t>> available_credit_link_configs();
// CRC-16/CCITT-FALSE of `bits` bits of `data` taken MSB first (the harness's own reference).
uint16_t crc16_ccitt_bits(uint64_t data, uint32_t bits);
uint16_t crc16_ccitt_bytes(const std::string& bytes);

}  // namespace snsim::cosim
