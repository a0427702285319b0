// Address mapping: which stack, channel, pseudo-channel, SID, bank group, bank, row and column a byte
// address falls in. Written as a bit-field string, most significant field first, e.g.
//
//     ro-ba-sid-co-bg-pc-ch-co:1
//
// Fields: st (stack), ch (channel), pc (pseudo-channel), sid (stack ID), bg (bank group), ba (bank in its
// group), ro (row), co (column, counted in bursts). Each field takes log2 of its count in bits; a field
// may be split into pieces, each with an explicit width (`co:1`) except at most one, which takes the rest;
// a field's first piece holds its most significant bits. Below all fields sit the byte-in-burst bits
// (log2 of the burst size). Fields of width zero (one stack, one SID) may be left out.
//
// Optional XOR bank hash (permutation-based interleaving, Zhang, Zhu and Zhang, MICRO-33, 2000): the bank
// group and bank are XORed with the low bits of the row, so rows that would collide in one bank under a
// power-of-two stride spread over banks. It is a bijection: encode() inverts decode() with or without it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/core/config.h"
#include "models/core/params.h"
#include "models/hbm/hbm_organization.h"

namespace snsim::hbm {

enum class Field : uint8_t { Stack, Channel, PseudoChannel, Sid, BankGroup, Bank, Row, Column, Count };

struct DecodedAddress {
  uint32_t stack = 0, channel = 0, pc = 0, sid = 0, bank_group = 0, bank = 0;  // bank: within its group
  uint32_t row = 0, column = 0;                                               // column: in bursts
};

class AddressMapping {
 public:
  AddressMapping() = default;
  // Throws std::invalid_argument with a one-line reason when `fields` does not fit `org`.
  AddressMapping(const std::string& fields, const HbmOrganization& org, bool xor_bank_hash);

  DecodedAddress decode(uint64_t address) const;
  uint64_t encode(const DecodedAddress& d) const;  // the address of the burst's first byte
  uint64_t capacity() const { return uint64_t(1) << total_bits_; }
  unsigned burst_bits() const { return burst_bits_; }
  bool xor_bank_hash() const { return xor_; }
  // MSB-first list of the address bits, e.g. "ro[30:16] ba[15:14] ... byte[4:0]".
  std::string describe() const;

 private:
  struct Piece {
    Field field;
    unsigned width;
    unsigned field_shift;    // lowest bit of the field this piece holds
    unsigned address_shift;  // lowest address bit of the piece
  };
  void hash(DecodedAddress& d) const;

  std::vector<Piece> pieces_;  // MSB first, as written
  unsigned burst_bits_ = 0;
  unsigned total_bits_ = 0;
  unsigned bg_bits_ = 0, bank_bits_ = 0;
  bool xor_ = false;
};

struct HbmMappingParams {
  std::string fields;
  bool xor_bank_hash = false;
};

const Schema& hbm_mapping_schema();
// Reads `section` (`hbm.mapping`) and builds the mapping; a bad field string is refused with the key's
// file:line:col. Does not finish() the section.
AddressMapping read_hbm_mapping(const ConfigSection& section, const HbmOrganization& org, HbmMappingParams* out);

}  // namespace snsim::hbm
