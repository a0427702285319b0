#include "models/hbm/address_mapping.h"

#include <stdexcept>

namespace snsim::hbm {
namespace {

const char* const kNames[] = {"st", "ch", "pc", "sid", "bg", "ba", "ro", "co"};

unsigned log2_exact(uint64_t v) {
  unsigned b = 0;
  while ((uint64_t(1) << b) < v) ++b;
  return b;
}

uint32_t& slot(DecodedAddress& d, Field f) {
  switch (f) {
    case Field::Stack: return d.stack;
    case Field::Channel: return d.channel;
    case Field::PseudoChannel: return d.pc;
    case Field::Sid: return d.sid;
    case Field::BankGroup: return d.bank_group;
    case Field::Bank: return d.bank;
    case Field::Row: return d.row;
    default: return d.column;
  }
}

}  // namespace

AddressMapping::AddressMapping(const std::string& fields, const HbmOrganization& org, bool xor_bank_hash)
    : xor_(xor_bank_hash) {
  const unsigned width[] = {log2_exact(org.stacks),      log2_exact(org.channels), log2_exact(org.pseudo_channels),
                            log2_exact(org.sids),        log2_exact(org.bank_groups),
                            log2_exact(org.banks_per_group), log2_exact(org.rows), log2_exact(org.columns())};
  bg_bits_ = width[static_cast<int>(Field::BankGroup)];
  bank_bits_ = width[static_cast<int>(Field::Bank)];
  burst_bits_ = log2_exact(org.burst_bytes());

  // Tokens: name or name:width, separated by '-' or blanks.
  struct Token {
    Field field;
    int width;  // -1: the rest of the field
  };
  std::vector<Token> tokens;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    std::string name = word, bits;
    size_t colon = word.find(':');
    if (colon != std::string::npos) {
      name = word.substr(0, colon);
      bits = word.substr(colon + 1);
    }
    int f = -1;
    for (int i = 0; i < static_cast<int>(Field::Count); ++i) {
      if (name == kNames[i]) f = i;
    }
    if (f < 0) {
      throw std::invalid_argument("unknown field '" + name + "' in '" + fields +
                                  "' (fields: st ch pc sid bg ba ro co, optionally with :bits)");
    }
    int w = -1;
    if (colon != std::string::npos) {
      char* end = nullptr;
      long n = std::strtol(bits.c_str(), &end, 10);
      if (bits.empty() || *end != '\0' || n < 0 || n > 40) {
        throw std::invalid_argument("bad width '" + bits + "' for field '" + name + "' in '" + fields + "'");
      }
      w = static_cast<int>(n);
    }
    tokens.push_back({static_cast<Field>(f), w});
    word.clear();
  };
  for (char c : fields) {
    if (c == '-' || c == ' ' || c == '\t') {
      flush();
    } else {
      word += c;
    }
  }
  flush();

  // Resolve each field's pieces: explicit widths, plus at most one piece taking the rest.
  for (int f = 0; f < static_cast<int>(Field::Count); ++f) {
    int explicit_sum = 0, open = 0, count = 0;
    for (const Token& t : tokens) {
      if (static_cast<int>(t.field) != f) continue;
      ++count;
      if (t.width < 0) ++open;
      else explicit_sum += t.width;
    }
    const int need = static_cast<int>(width[f]);
    const std::string name = kNames[f];
    if (count == 0 && need > 0) {
      throw std::invalid_argument("field '" + name + "' (" + std::to_string(need) + " bits for this organization) is missing from '" + fields + "'");
    }
    if (open > 1) {
      throw std::invalid_argument("field '" + name + "' is split into pieces without widths; give every piece but one a width, e.g. " + name + ":2");
    }
    if (open == 0 && count > 0 && explicit_sum != need) {
      throw std::invalid_argument("the pieces of field '" + name + "' have " + std::to_string(explicit_sum) +
                                  " bits, but this organization needs " + std::to_string(need));
    }
    if (open == 1 && explicit_sum > need) {
      throw std::invalid_argument("the pieces of field '" + name + "' have " + std::to_string(explicit_sum) +
                                  " bits, more than the " + std::to_string(need) + " this organization needs");
    }
    for (Token& t : tokens) {
      if (static_cast<int>(t.field) == f && t.width < 0) t.width = need - explicit_sum;
    }
  }

  // Address bits from the top: the first token is the most significant.
  unsigned total = burst_bits_;
  for (const Token& t : tokens) total += static_cast<unsigned>(t.width);
  if (total > 62) throw std::invalid_argument("the mapping needs " + std::to_string(total) + " address bits; at most 62 are supported");
  total_bits_ = total;
  unsigned next_low = total;
  unsigned field_used[static_cast<int>(Field::Count)] = {};
  for (const Token& t : tokens) {
    next_low -= static_cast<unsigned>(t.width);
    const int f = static_cast<int>(t.field);
    field_used[f] += static_cast<unsigned>(t.width);
    // This piece holds the field's bits just below the pieces written before it.
    pieces_.push_back({t.field, static_cast<unsigned>(t.width), width[f] - field_used[f], next_low});
  }
}

void AddressMapping::hash(DecodedAddress& d) const {
  if (!xor_) return;
  d.bank_group ^= d.row & ((1u << bg_bits_) - 1);
  d.bank ^= (d.row >> bg_bits_) & ((1u << bank_bits_) - 1);
}

DecodedAddress AddressMapping::decode(uint64_t address) const {
  DecodedAddress d;
  for (const Piece& p : pieces_) {
    if (!p.width) continue;
    uint64_t bits = (address >> p.address_shift) & ((uint64_t(1) << p.width) - 1);
    slot(d, p.field) |= static_cast<uint32_t>(bits << p.field_shift);
  }
  hash(d);
  return d;
}

uint64_t AddressMapping::encode(const DecodedAddress& in) const {
  DecodedAddress d = in;
  hash(d);  // XOR with the row is its own inverse
  uint64_t address = 0;
  for (const Piece& p : pieces_) {
    if (!p.width) continue;
    uint64_t bits = (uint64_t(slot(d, p.field)) >> p.field_shift) & ((uint64_t(1) << p.width) - 1);
    address |= bits << p.address_shift;
  }
  return address;
}

std::string AddressMapping::describe() const {
  std::string s;
  for (const Piece& p : pieces_) {
    if (!p.width) continue;
    s += std::string(kNames[static_cast<int>(p.field)]) + "[" + std::to_string(p.address_shift + p.width - 1) +
         ":" + std::to_string(p.address_shift) + "] ";
  }
  s += "byte[" + std::to_string(burst_bits_ ? burst_bits_ - 1 : 0) + ":0]";
  if (xor_) s += " (bg, ba ^= low row bits)";
  return s;
}

const Schema& hbm_mapping_schema() {
  static const Schema schema{
      "hbm.mapping",
      "Address mapping: a bit-field string (most significant first) and an optional XOR bank hash.",
      {
          {"fields", ParamKind::Text, "st-ro-ba-sid-co-bg-pc-ch-co:1", 0, 0, {}, false,
           "Fields st ch pc sid bg ba ro co from the most significant bit down, '-'-separated; name:bits "
           "splits a field (its first piece holds its high bits); the byte-in-burst bits sit below",
           "Consecutive 64 B go to different channels and pseudo-channels, then bank groups (so column "
           "commands alternate bank groups at tCCD_S), then the rest of the row; the layout of DRAMSys "
           "am_hbm2 (burst, PC, BG, bank, SID, column, row from the LSB; facts 6.3) with channel and a "
           "column bit below"},
          {"xor_bank_hash", ParamKind::Boolean, "false", 0, 0, {}, false,
           "XOR the bank group and bank with the low row bits (permutation-based interleaving)",
           "Zhang, Zhu and Zhang, MICRO-33 (2000); Ramulator2 MOP4CLXOR (facts 6.3)"},
      },
      {}};
  return schema;
}

AddressMapping read_hbm_mapping(const ConfigSection& section, const HbmOrganization& org, HbmMappingParams* out) {
  ParamValues v = read_params(section, hbm_mapping_schema(), org.clock_hz);
  HbmMappingParams p{v.text("fields"), v.flag("xor_bank_hash")};
  if (out) *out = p;
  try {
    return AddressMapping(p.fields, org, p.xor_bank_hash);
  } catch (const std::invalid_argument& e) {
    section.fail("fields", e.what());
  }
}

}  // namespace snsim::hbm
