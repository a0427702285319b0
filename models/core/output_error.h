// An output file that cannot be written: refused before the run (a missing directory, a device where a
// waveform should go, two outputs naming one file) or failed while writing (a full disk). The command
// line exits with status 5 for it and leaves any previous file in place.
#pragma once

#include <stdexcept>

namespace snsim {

class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace snsim
