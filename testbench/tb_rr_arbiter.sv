// Lock-step harness top for rr_arbiter (testbench/rr_arbiter_lockstep.cpp): the arbiter as it is
// (MUTATE 0) and its mutant (MUTATE 1), fed the same requests, plus inputs through which the harness
// shows the C++ twin's decisions in the waveform next to the RTL's.
module tb_rr_arbiter #(
    parameter int unsigned N = 4,
    localparam int unsigned PW = (N > 1) ? $clog2(N) : 1
) (
    input  logic          clk_i,
    input  logic          rst_ni,
    input  logic [ N-1:0] req_i,
    output logic [ N-1:0] grant_o,
    output logic [PW-1:0] ptr_o,
    output logic [ N-1:0] mutant_grant_o,
    output logic [PW-1:0] mutant_ptr_o,
    // Read by nothing in the design: they exist so that the twin's state and the harness's verdict are
    // traced on the same time base as the RTL.
    /* verilator lint_off UNUSEDSIGNAL */
    input  logic [ N-1:0] twin_grant_i,
    input  logic [PW-1:0] twin_ptr_i,
    input  logic          mismatch_i
    /* verilator lint_on UNUSEDSIGNAL */
);
  rr_arbiter #(.N(N), .MUTATE(0)) u_dut (
      .clk_i,
      .rst_ni,
      .req_i,
      .grant_o,
      .ptr_o
  );

  rr_arbiter #(.N(N), .MUTATE(1)) u_mutant (
      .clk_i,
      .rst_ni,
      .req_i,
      .grant_o(mutant_grant_o),
      .ptr_o  (mutant_ptr_o)
  );
endmodule
