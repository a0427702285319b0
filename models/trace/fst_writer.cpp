// FST through fstapi, the writer library GTKWave's author maintains and Debian's verilator ships as
// source (/usr/share/verilator/include/gtkwave/; compiled in fstapi_unit.cpp). Built only when CMake
// finds it (SNSIM_HAVE_FSTAPI).
#include <filesystem>
#include <stdexcept>

#include "models/trace/wave_writer.h"

#ifdef SNSIM_HAVE_FSTAPI
#include "gtkwave/fstapi.h"
#endif

namespace snsim {

#ifdef SNSIM_HAVE_FSTAPI
namespace {

class FstWriter : public WaveWriter {
 public:
  explicit FstWriter(const std::string& path) : path_(path) {
    // fstapi reports a failed open only through a null context; check writability first for a clear error.
    if (FILE* f = std::fopen(path.c_str(), "wb")) {
      std::fclose(f);
    } else {
      throw std::runtime_error("cannot write " + path);
    }
    ctx_ = fstWriterCreate(path.c_str(), 1);
    if (!ctx_) throw std::runtime_error("cannot write " + path);
    fstWriterSetPackType(ctx_, FST_WR_PT_LZ4);
  }
  ~FstWriter() override {
    if (ctx_) fstWriterClose(ctx_);
  }

  void header(const std::vector<WaveSignalDecl>& signals, int timescale_exponent) override {
    fstWriterSetVersion(ctx_, "snsim");
    fstWriterSetTimescale(ctx_, timescale_exponent);
    fstWriterSetScope(ctx_, FST_ST_VCD_MODULE, "fabric", nullptr);
    handles_.assign(signals.size(), 0);
    widths_.assign(signals.size(), 1);
    std::string open;
    for (uint32_t i : scope_order(signals)) {
      if (signals[i].scope != open) {
        if (!open.empty()) fstWriterSetUpscope(ctx_);
        open = signals[i].scope;
        fstWriterSetScope(ctx_, FST_ST_VCD_MODULE, open.c_str(), nullptr);
      }
      widths_[i] = signals[i].width;
      handles_[i] = fstWriterCreateVar(ctx_, FST_VT_VCD_WIRE, FST_VD_IMPLICIT, signals[i].width,
                                       signals[i].name.c_str(), 0);
    }
    if (!open.empty()) fstWriterSetUpscope(ctx_);
    fstWriterSetUpscope(ctx_);
  }

  void time(uint64_t ticks) override { fstWriterEmitTimeChange(ctx_, ticks); }
  void value(uint32_t signal, uint64_t v) override {
    fstWriterEmitValueChange64(ctx_, handles_[signal], widths_[signal], v);
  }
  void close(uint64_t last_ticks) override {
    fstWriterEmitTimeChange(ctx_, last_ticks);
    fstWriterClose(ctx_);
    ctx_ = nullptr;
    std::error_code ec;
    if (std::filesystem::file_size(path_, ec) == 0 || ec) throw std::runtime_error("writing " + path_ + " failed");
  }

 private:
  std::string path_;
  void* ctx_ = nullptr;
  std::vector<fstHandle> handles_;
  std::vector<uint32_t> widths_;
};

}  // namespace

std::unique_ptr<WaveWriter> make_fst_writer(const std::string& path) { return std::make_unique<FstWriter>(path); }
#else
std::unique_ptr<WaveWriter> make_fst_writer(const std::string&) { return nullptr; }
#endif

}  // namespace snsim
