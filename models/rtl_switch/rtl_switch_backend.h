// Registers the Verilated crossbar as the fabric's RTL switch (switch.impl: rtl). Call once, before
// configs are read; a program that never calls it refuses impl: rtl with a clear error.
#pragma once

namespace snsim {

void register_rtl_switch();

}  // namespace snsim
