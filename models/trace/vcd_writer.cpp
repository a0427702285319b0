#include <fstream>
#include <map>
#include <stdexcept>

#include "models/trace/wave_writer.h"

namespace snsim {

std::vector<uint32_t> scope_order(const std::vector<WaveSignalDecl>& signals) {
  std::vector<std::string> scopes;
  std::map<std::string, std::vector<uint32_t>> members;
  for (uint32_t i = 0; i < signals.size(); ++i) {
    auto& list = members[signals[i].scope];
    if (list.empty()) scopes.push_back(signals[i].scope);
    list.push_back(i);
  }
  std::vector<uint32_t> order;
  for (const auto& s : scopes) order.insert(order.end(), members[s].begin(), members[s].end());
  return order;
}

namespace {

const char* unit_name(int exponent) {
  switch (exponent) {
    case 0: return "1 s";
    case -3: return "1 ms";
    case -6: return "1 us";
    case -9: return "1 ns";
    case -12: return "1 ps";
    case -15: return "1 fs";
    default: throw std::invalid_argument("VCD: no unit for a time resolution of 1e" + std::to_string(exponent) + " s");
  }
}

class VcdWriter : public WaveWriter {
 public:
  explicit VcdWriter(const std::string& path) : path_(path), out_(path) {
    if (!out_) throw std::runtime_error("cannot write " + path);
  }

  void header(const std::vector<WaveSignalDecl>& signals, int timescale_exponent) override {
    widths_.clear();
    codes_.clear();
    for (const auto& s : signals) widths_.push_back(s.width);
    for (uint32_t i = 0; i < signals.size(); ++i) codes_.push_back(code(i));
    out_ << "$version snsim $end\n$timescale " << unit_name(timescale_exponent) << " $end\n"
         << "$scope module fabric $end\n";
    std::string open;
    for (uint32_t i : scope_order(signals)) {
      if (signals[i].scope != open) {
        if (!open.empty()) out_ << "$upscope $end\n";
        open = signals[i].scope;
        out_ << "$scope module " << open << " $end\n";
      }
      out_ << "$var wire " << signals[i].width << " " << codes_[i] << " " << signals[i].name;
      if (signals[i].width > 1) out_ << " [" << signals[i].width - 1 << ":0]";
      out_ << " $end\n";
    }
    if (!open.empty()) out_ << "$upscope $end\n";
    out_ << "$upscope $end\n$enddefinitions $end\n";
  }

  void time(uint64_t ticks) override { out_ << "#" << ticks << "\n"; }

  void value(uint32_t signal, uint64_t v) override {
    if (widths_[signal] == 1) {
      out_ << (v ? '1' : '0') << codes_[signal] << "\n";
      return;
    }
    char bits[65];
    int n = 0;
    do {
      bits[n++] = static_cast<char>('0' + (v & 1));
      v >>= 1;
    } while (v);
    out_ << 'b';
    while (n) out_ << bits[--n];
    out_ << ' ' << codes_[signal] << "\n";
  }

  void close(uint64_t last_ticks) override {
    time(last_ticks);
    out_.close();
    if (!out_) throw std::runtime_error("writing " + path_ + " failed");
  }

 private:
  // Identifier codes: printable ASCII 33..126, shortest first.
  static std::string code(uint32_t index) {
    std::string c;
    do {
      c += static_cast<char>(33 + index % 94);
      index /= 94;
    } while (index);
    return c;
  }

  std::string path_;
  std::ofstream out_;
  std::vector<unsigned> widths_;
  std::vector<std::string> codes_;
};

}  // namespace

std::unique_ptr<WaveWriter> make_vcd_writer(const std::string& path) { return std::make_unique<VcdWriter>(path); }

}  // namespace snsim
