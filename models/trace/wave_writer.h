// The two waveform file formats behind one interface: VCD (IEEE 1364 section 18 text, written here) and
// FST (GTKWave's compressed format, written with the fstapi library that Debian's verilator ships).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace snsim {

struct WaveSignalDecl {
  std::string scope;  // one level below the top scope "fabric"
  std::string name;
  unsigned width;
};

class WaveWriter {
 public:
  virtual ~WaveWriter() = default;
  // Declares every signal (grouped by scope, in the order given); `timescale_exponent`: 10^x s per unit.
  virtual void header(const std::vector<WaveSignalDecl>& signals, int timescale_exponent) = 0;
  virtual void time(uint64_t ticks) = 0;
  virtual void value(uint32_t signal, uint64_t value) = 0;
  virtual void close(uint64_t last_ticks) = 0;  // throws if the file could not be written
};

std::unique_ptr<WaveWriter> make_vcd_writer(const std::string& path);
// Null when FST support is not built in (fst_supported() in waveform.h).
std::unique_ptr<WaveWriter> make_fst_writer(const std::string& path);

// Signal order for the header: scopes in order of first appearance, each with its signals. Returns the
// indices into `signals`.
std::vector<uint32_t> scope_order(const std::vector<WaveSignalDecl>& signals);

}  // namespace snsim
