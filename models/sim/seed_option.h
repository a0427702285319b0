// `--seed N` on the command line: the same range as simulation.seed, refused (not clamped or wrapped)
// when outside it or not a whole number.
#pragma once

#include <cstdint>
#include <string>

namespace snsim {

// Throws ConfigError ("--seed -1: ...") naming the range.
uint64_t parse_seed_option(const std::string& text);

}  // namespace snsim
