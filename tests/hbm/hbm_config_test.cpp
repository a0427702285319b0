// HBM profiles, their arithmetic, the address mapping, and configuration errors with file:line:col.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "models/core/rng.h"
#include "tests/hbm/hbm_test_support.h"

namespace snsim::hbm {
namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The nominal interface of each generation, from the JEDEC announcements (facts 6.1), independent of
// the YAML: width in bits and pin rate in Gb/s.
struct Nominal {
  const char* profile;
  uint32_t width_bits;
  double pin_rate_gbps;
  double peak_gbytes;  // width x rate / 8, written out
};
const Nominal kNominal[] = {
    {"hbm2", 1024, 2.0, 256.0},
    {"hbm3", 1024, 6.4, 819.2},
    {"hbm3e", 1024, 9.6, 1228.8},
    {"hbm4", 2048, 8.0, 2048.0},
};

TEST(HbmProfiles, PeakIsInterfaceWidthTimesPinRateOverEight) {
  for (const Nominal& n : kNominal) {
    SCOPED_TRACE(n.profile);
    HbmConfig c = test::profile(n.profile);
    EXPECT_EQ(c.org.interface_bits(), n.width_bits);
    EXPECT_NEAR(c.org.pin_rate_bps() / 1e9, n.pin_rate_gbps, 1e-9);
    EXPECT_NEAR(c.org.peak_bytes_per_second() / 1e9, n.width_bits * n.pin_rate_gbps / 8, 1e-6);
    EXPECT_NEAR(c.org.peak_bytes_per_second() / 1e9, n.peak_gbytes, 1e-6);
    // The same peak from the burst structure: every pseudo-channel moves one burst per tBURST.
    const double from_bursts =
        double(c.org.total_pcs()) * c.org.burst_bytes() / c.timing.burst * c.org.clock_hz / 1e9;
    EXPECT_NEAR(from_bursts, n.peak_gbytes, 1e-6);
    EXPECT_EQ(c.org.burst_bytes(), 32u);  // 32 B per access in every generation (facts 6.1)
    std::cout << n.profile << ": " << c.org.interface_bits() << " bits x " << c.org.pin_rate_bps() / 1e9
              << " Gb/s / 8 = " << c.org.peak_bytes_per_second() / 1e9 << " GB/s, " << c.org.total_pcs()
              << " pseudo-channels of " << c.org.burst_bytes() << " B per " << c.timing.burst << " CK at "
              << c.org.clock_hz / 1e9 << " GHz\n";
  }
}

TEST(HbmProfiles, TimesInNanosecondsRoundUpToWholeClocks) {
  HbmConfig hbm3 = test::profile("hbm3");
  EXPECT_EQ(hbm3.timing.trfc, 560u);    // 350 ns at 1.6 GHz, exact
  EXPECT_EQ(hbm3.timing.trefi, 6240u);  // 3.9 us
  EXPECT_EQ(hbm3.timing.trcd_rd, 31u);
  HbmConfig e = test::profile("hbm3e");  // HBM3 nanoseconds at 2.4 GHz
  EXPECT_EQ(e.timing.rl, 30u);       // 12.5 ns x 2.4 = 30
  EXPECT_EQ(e.timing.trcd_rd, 47u);  // 19.375 ns = 46.5 CK, rounded up
  EXPECT_EQ(e.timing.tras, 68u);     // 67.5 -> 68
  EXPECT_EQ(e.timing.trc, 108u);
  EXPECT_EQ(e.timing.trefi, 9360u);
  EXPECT_EQ(e.timing.trfc, 840u);
  bool noted = false;
  for (const auto& note : e.document->notes()) noted = noted || note.find("trcd_rd") != std::string::npos;
  EXPECT_TRUE(noted) << "rounding 46.5 cycles up must be reported, not silent";
  HbmConfig hbm4 = test::profile("hbm4");
  EXPECT_EQ(hbm4.timing.trfc, 900u);  // 450 ns at 2 GHz
  EXPECT_EQ(hbm4.org.banks_per_pc(), 16u);
}

TEST(HbmProfiles, OverridesEditTheProfile) {
  HbmConfig c = test::profile("hbm3", {"hbm.controller.scheduler=fcfs", "hbm.timing.trcd_rd=40cycles"});
  EXPECT_EQ(c.controller.scheduler, SchedulerKind::Fcfs);
  EXPECT_EQ(c.timing.trcd_rd, 40u);
}

// --- configuration errors name file:line:col and the dotted key ----------------------------------------

std::string error_of(const std::string& text) {
  try {
    load_hbm_config_string(text, "bad.yml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

// The HBM3 profile with one line replaced (or, with `insert`, a line added after it).
std::string edited(const std::string& find, const std::string& replacement, bool insert = false) {
  std::string text = read_text(test::profile_path("hbm3"));
  size_t at = text.find(find);
  EXPECT_NE(at, std::string::npos) << find;
  if (insert) {
    size_t eol = text.find('\n', at);
    text.insert(eol + 1, replacement + "\n");
  } else {
    text.replace(at, find.size(), replacement);
  }
  return text;
}

// 1-based line of the first occurrence of `needle` in the HBM3 profile after editing.
std::string line_of(const std::string& text, const std::string& needle) {
  size_t at = text.find(needle);
  return std::to_string(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n') + 1);
}

TEST(HbmConfigErrors, UnknownTimingKeyNamesFileLineColumnAndKey) {
  std::string text = edited("    trcd_wr: 15cycles", "    trcd_wx: 15cycles", true);
  std::string e = error_of(text);
  EXPECT_NE(e.find("bad.yml:" + line_of(text, "trcd_wx") + ":5: key 'hbm.timing.trcd_wx': unknown key (did you mean 'trcd_wr'?)"),
            std::string::npos) << e;
}

TEST(HbmConfigErrors, BadTimeUnit) {
  std::string text = edited("trp: 26cycles", "trp: 26 parsecs");
  std::string e = error_of(text);
  EXPECT_NE(e.find("bad.yml:" + line_of(text, "parsecs") + ":10: key 'hbm.timing.trp'"), std::string::npos) << e;
}

TEST(HbmConfigErrors, MissingRequiredTiming) {
  std::string text = edited("    tras: 45cycles         # 28.1 ns\n", "");
  std::string e = error_of(text);
  EXPECT_NE(e.find("key 'hbm.timing': missing required key 'tras'"), std::string::npos) << e;
  EXPECT_NE(e.find("bad.yml:" + line_of(text, "rl: 20cycles") + ":5"), std::string::npos) << e;
}

TEST(HbmConfigErrors, InconsistentTimingsAreRefused) {
  std::string text = edited("trc: 72cycles", "trc: 60cycles");
  std::string e = error_of(text);
  EXPECT_NE(e.find("bad.yml:" + line_of(text, "trc: 60") + ":10: key 'hbm.timing.trc': tRC = 60 is shorter than tRAS + tRP = 71"),
            std::string::npos) << e;
}

TEST(HbmConfigErrors, CountsMustBePowersOfTwo) {
  std::string text = edited("channels: 16", "channels: 12");
  std::string e = error_of(text);
  EXPECT_NE(e.find("bad.yml:" + line_of(text, "channels: 12") + ":15: key 'hbm.organization.channels': 12 is not a power of two"),
            std::string::npos) << e;
}

TEST(HbmConfigErrors, MappingStringProblemsAreExplained) {
  const std::pair<std::string, std::string> cases[] = {
      {"st-ro-ba-sid-co-bg-pc-co:1", "field 'ch' (4 bits for this organization) is missing"},
      {"st-ro-ba-sid-co-bg-pc-ch-co:1-xx", "unknown field 'xx'"},
      {"st-ro-ba-sid-co-bg-pc-ch-co", "split into pieces without widths"},
      {"st-ro-ba-sid-co:3-bg-pc-ch-co:1", "the pieces of field 'co' have 4 bits, but this organization needs 5"},
      {"st-ro-ba-sid-co-bg-pc-ch:9-co:1", "the pieces of field 'ch' have 9 bits, but this organization needs 4"},
      {"st-ro-ba-sid-co-bg-pc-ch-co:9", "more than the 5 this organization needs"},
  };
  for (const auto& [fields, expected] : cases) {
    std::string text = edited("fields: st-ro-ba-sid-co-bg-pc-ch-co:1", "fields: " + fields);
    std::string e = error_of(text);
    EXPECT_NE(e.find("bad.yml:" + line_of(text, "fields:") + ":13: key 'hbm.mapping.fields'"), std::string::npos) << e;
    EXPECT_NE(e.find(expected), std::string::npos) << e;
  }
}

TEST(HbmConfigErrors, ControllerConstraints) {
  std::string e = error_of(edited("refresh: per_bank", "refresh: per_bank\n    write_low_watermark: 0.9"));
  EXPECT_NE(e.find("key 'hbm.controller.write_low_watermark': must be below write_high_watermark"), std::string::npos) << e;
  e = error_of(edited("    trfc_pb: 320cycles     # 200 ns\n", ""));
  EXPECT_NE(e.find("key 'hbm.controller.refresh': per_bank refresh needs hbm.timing.trfc_pb"), std::string::npos) << e;
  e = error_of(edited("scheduler: fr_fcfs", "scheduler: frfcfs"));
  EXPECT_NE(e.find("key 'hbm.controller.scheduler': 'frfcfs' is not allowed; one of: fr_fcfs, fcfs"), std::string::npos) << e;
}

TEST(HbmConfigErrors, FileWithoutHbmSection) {
  std::string e = error_of("fabric:\n  endpoints: 4\n");
  EXPECT_NE(e.find("missing the 'hbm' section"), std::string::npos) << e;
}

// --- address mapping -------------------------------------------------------------------------------------

TEST(HbmMapping, FieldsLandWhereTheStringSays) {
  HbmConfig c = test::profile("hbm3");  // st-ro-ba-sid-co-bg-pc-ch-co:1 over 32 B bursts
  const AddressMapping& m = c.mapping;
  EXPECT_EQ(m.describe(), "ro[33:19] ba[18:17] co[16:13] bg[12:11] pc[10:10] ch[9:6] co[5:5] byte[4:0]");
  EXPECT_EQ(m.capacity(), c.org.capacity_bytes());
  EXPECT_EQ(m.capacity(), uint64_t(16) << 30);  // 16 GiB
  auto d = m.decode(uint64_t(1) << 5);
  EXPECT_EQ(d.column, 1u);  // the low column bit
  d = m.decode(uint64_t(1) << 6);
  EXPECT_EQ(d.channel, 1u);
  d = m.decode(uint64_t(1) << 10);
  EXPECT_EQ(d.pc, 1u);
  d = m.decode(uint64_t(3) << 11);
  EXPECT_EQ(d.bank_group, 3u);
  d = m.decode(uint64_t(1) << 13);
  EXPECT_EQ(d.column, 2u);  // the high column piece sits above the low bit
  d = m.decode(uint64_t(1) << 19);
  EXPECT_EQ(d.row, 1u);
  EXPECT_EQ(d.bank, 0u);
  d = m.decode(31);  // bytes inside one burst
  EXPECT_EQ(d.column + d.row + d.channel + d.pc + d.bank + d.bank_group, 0u);
}

TEST(HbmMapping, EncodeInvertsDecodeWithAndWithoutXorHash) {
  for (bool hash : {false, true}) {
    for (const std::string& p : test::profiles()) {
      HbmConfig c = test::profile(p);
      AddressMapping m(c.mapping_params.fields, c.org, hash);
      Rng rng(7, p);
      for (int i = 0; i < 20000; ++i) {
        const uint64_t a = rng.below(m.capacity()) & ~uint64_t(c.org.burst_bytes() - 1);
        ASSERT_EQ(m.encode(m.decode(a)), a) << p << " hash " << hash;
      }
    }
  }
}

TEST(HbmMapping, XorHashSpreadsARowStrideOverBanks) {
  // Addresses one row apart all fall in one bank without the hash; with it they cover every bank
  // group x bank combination.
  HbmConfig c = test::profile("hbm3");
  AddressMapping plain(c.mapping_params.fields, c.org, false), hashed(c.mapping_params.fields, c.org, true);
  std::set<uint32_t> plain_banks, hashed_banks;
  for (uint64_t row = 0; row < 16; ++row) {
    const uint64_t a = row << 19;
    auto p = plain.decode(a), h = hashed.decode(a);
    plain_banks.insert(p.bank_group * 4 + p.bank);
    hashed_banks.insert(h.bank_group * 4 + h.bank);
    EXPECT_EQ(h.row, row);
  }
  EXPECT_EQ(plain_banks.size(), 1u);
  EXPECT_EQ(hashed_banks.size(), 16u);
}

TEST(HbmMapping, SplitFieldsKeepTheirOrder) {
  HbmConfig c = test::profile("hbm3");
  AddressMapping m("ro:7-ba-ro:8-co-bg-pc-ch", c.org, false);
  // ro:7 is the row's high bits, ro:8 its low bits.
  auto d = m.decode(uint64_t(1) << (5 + 4 + 1 + 2 + 5));  // lowest bit of the low row piece
  EXPECT_EQ(d.row, 1u);
  d = m.decode(uint64_t(1) << (5 + 4 + 1 + 2 + 5 + 8 + 2));  // lowest bit of the high row piece
  EXPECT_EQ(d.row, 1u << 8);
}

}  // namespace
}  // namespace snsim::hbm
