# Verilator, for the RTL switch (models/rtl_switch/) and the co-simulation testbenches (testbench/): found
# once, with the arguments and helpers both verilate with. Included by the top-level CMakeLists.txt when
# RTL is built (SNSIM_WITH_RTL).
find_package(verilator)
if(NOT verilator_FOUND)
  message(FATAL_ERROR "switch.impl: rtl and testbench/ need Verilator (apt-get install verilator zlib1g-dev), "
                      "or configure with -DSNSIM_BUILD_RTL=OFF")
endif()
find_package(ZLIB REQUIRED)  # Verilator's FST writer
find_program(SNSIM_VERILATOR verilator HINTS ${VERILATOR_ROOT}/bin REQUIRED)

set(SNSIM_RTL_DIR ${PROJECT_SOURCE_DIR}/rtl)
#   --unroll-count 1: the RTL's loops stay loops in C++; unrolled, the 16-port iSLIP top is about ten
#                     times more generated code (6.1 MB instead of 0.65 MB) and slow to compile.
#   -Wall:            a Verilator warning fails the configure/build, like the lint tests.
set(SNSIM_VERILATOR_ARGS -Wall --timescale 1ns/1ps --unroll-count 1 -I${SNSIM_RTL_DIR} -y ${SNSIM_RTL_DIR})

# A library of Verilated models: generated and runtime code gets no debug info and no warnings of ours (it
# is not our code to fix), and a precompiled verilated.h, which every generated file includes first.
function(snsim_verilated_library target)
  target_link_libraries(${target} PUBLIC ZLIB::ZLIB)
  target_compile_options(${target} PRIVATE -g0 -w)
  target_precompile_headers(${target} PRIVATE <verilated.h> <verilated_fst_c.h>)
endfunction()

# One verilate() into `target` per configuration of a top: each configuration is a string of values
# ("8 1 1 0") for the top's parameters `params`; `letters` name them in the class (Vtb_credit_link_c8_l1_r1_m0).
# Appends " X(8, 1, 1, 0)" to the variable named x_var and the class's #include to the one named includes_var.
function(snsim_verilate_configs target top source letters params x_var includes_var)
  set(x "")
  set(includes "")
  foreach(config ${ARGN})
    string(REPLACE " " ";" values "${config}")
    set(suffix "")
    set(args "")
    foreach(letter param value IN ZIP_LISTS letters params values)
      string(APPEND suffix "_${letter}${value}")
      list(APPEND args -G${param}=${value})
    endforeach()
    string(REPLACE ";" ", " x_args "${values}")
    verilate(${target} TRACE_FST PREFIX V${top}${suffix} TOP_MODULE ${top} SOURCES ${source}
             VERILATOR_ARGS ${SNSIM_VERILATOR_ARGS} ${args})
    string(APPEND x " X(${x_args})")
    string(APPEND includes "#include \"V${top}${suffix}.h\"\n")
  endforeach()
  set(${x_var} "${x}" PARENT_SCOPE)
  set(${includes_var} "${includes}" PARENT_SCOPE)
endfunction()
